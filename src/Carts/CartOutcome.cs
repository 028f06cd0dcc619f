using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Carts;

/// <summary>
/// What the coordinator answers: the cart (<see cref="IsCreated"/> when this request reserved it), or
/// why not. The API decides how each reads over HTTP.
/// </summary>
public sealed record CartOutcome
{
    private CartOutcome(CartResponse? cart, bool created, CartRefusal? refusal)
    {
        Cart = cart;
        IsCreated = created;
        Refusal = refusal;
    }

    public CartResponse? Cart { get; }

    public bool IsCreated { get; }

    public CartRefusal? Refusal { get; }

    public static CartOutcome Created(CartResponse cart) => new(cart, true, null);

    public static CartOutcome Ok(CartResponse cart) => new(cart, false, null);

    public static CartOutcome ProductNotFound(string sku) => Refused(new(CartRefusalKind.ProductNotFound, Sku: sku));

    public static CartOutcome InsufficientStock(string sku, long available) =>
        Refused(new(CartRefusalKind.InsufficientStock, Sku: sku, Available: available));

    public static CartOutcome LimitExceeded(string sku, int maxPerUser, long held) =>
        Refused(new(CartRefusalKind.LimitExceeded, Sku: sku, MaxPerUser: maxPerUser, Held: held));

    /// <param name="sku">The line whose engine could not be reached, when one is known.</param>
    public static CartOutcome Unavailable(string? sku) => Refused(new(CartRefusalKind.Unavailable, Sku: sku));

    /// <summary>Another request holds the cart's lease right now.</summary>
    public static CartOutcome InProgress() => Refused(new(CartRefusalKind.InProgress));

    public static CartOutcome NotFound(string cartId) => Refused(new(CartRefusalKind.NotFound, CartId: cartId));

    /// <param name="sku">The line that forbids it, when the cart itself is pending.</param>
    public static CartOutcome NotPending(string cartId, ReservationStatus status, string? sku = null) =>
        Refused(new(CartRefusalKind.NotPending, CartId: cartId, Sku: sku, Status: status));

    public static CartOutcome IdempotencyKeyReused() => Refused(new(CartRefusalKind.IdempotencyKeyReused));

    /// <param name="known">The strategies the cart's engines do know.</param>
    public static CartOutcome UnknownStrategy(string strategy, IEnumerable<string> known) =>
        Refused(new(CartRefusalKind.UnknownStrategy, Strategy: strategy, KnownStrategies: [.. known]));

    /// <summary>The answer of a failed cart: its first failing line's refusal.</summary>
    public static CartOutcome From(CartFailure failure) => failure.Code switch
    {
        StockErrorCodes.ProductNotFound => ProductNotFound(failure.Sku!),
        StockErrorCodes.InsufficientStock => InsufficientStock(failure.Sku!, failure.Available ?? 0),
        StockErrorCodes.LimitExceeded => LimitExceeded(failure.Sku!, failure.MaxPerUser ?? 0, failure.Held ?? 0),
        _ => Unavailable(failure.Sku),
    };

    private static CartOutcome Refused(CartRefusal refusal) => new(null, false, refusal);
}
