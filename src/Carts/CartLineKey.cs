using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Carts;

/// <summary>
/// A line's own Idempotency-Key, derived from its cart, and the exact request that goes with it.
/// Whoever reserves the line again (a retry, a compensation, a recovery in another process)
/// sends the same key and body, so the engine replays the line's reservation instead of taking
/// stock twice.
/// </summary>
public static class CartLineKey
{
    /// <summary>Every line key starts with it; clients may not send keys that do (docs/api.md, "Access").</summary>
    public const string Prefix = "cart:";

    public static string For(string cartId, int lineNo) => $"{Prefix}{cartId}:{lineNo}";

    public static ReserveRequest RequestFor(CartRecord cart, CartLineRecord line) =>
        new(line.Quantity, cart.UserId, cart.TtlSeconds, For(cart.Id, line.LineNo), Owner: cart.Owner);
}
