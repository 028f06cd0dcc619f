namespace Orleans.Stock.Abstractions;

/// <summary>
/// The stable machine-readable name of each <see cref="StockError"/>: the <c>code</c> of the HTTP
/// problem that answers it (docs/api.md, "Errors"), and what the dashboard and stored carts record.
/// </summary>
public static class StockErrorCodes
{
    public const string ProductNotFound = "product-not-found";
    public const string ReservationNotFound = "reservation-not-found";
    public const string ProductExists = "product-exists";
    public const string InsufficientStock = "insufficient-stock";
    public const string ReservationNotPending = "reservation-not-pending";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string LimitExceeded = "limit-exceeded";
    public const string VersionMismatch = "version-mismatch";
    public const string Unavailable = "unavailable";
    public const string InvalidInput = "validation-failed";

    public static string Of(StockError error) => error switch
    {
        StockError.ProductNotFound => ProductNotFound,
        StockError.ProductExists => ProductExists,
        StockError.ReservationNotFound => ReservationNotFound,
        StockError.InsufficientStock => InsufficientStock,
        StockError.ReservationNotPending => ReservationNotPending,
        StockError.IdempotencyKeyReused => IdempotencyKeyReused,
        StockError.LimitExceeded => LimitExceeded,
        StockError.VersionMismatch => VersionMismatch,
        StockError.Unavailable => Unavailable,
        StockError.InvalidInput => InvalidInput,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "No code names this error."),
    };
}
