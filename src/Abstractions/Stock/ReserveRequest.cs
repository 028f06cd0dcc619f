namespace Orleans.Stock.Abstractions;

/// <summary>A validated request to reserve units of one SKU.</summary>
/// <param name="KeyIsUnused">The caller vouches that <see cref="IdempotencyKey"/> was never sent
/// before: a key it generated a moment ago, on its first attempt. The grain then skips looking the key
/// up in the ledger, a database round trip per group commit that could only find nothing.</param>
/// <param name="Owner">Who makes it (the API key id); null for requests made before authentication.</param>
[GenerateSerializer, Immutable, Alias("stock.ReserveRequest")]
public sealed record ReserveRequest(
    [property: Id(0)] int Quantity,
    [property: Id(1)] string UserId,
    [property: Id(2)] int TtlSeconds,
    [property: Id(3)] string? IdempotencyKey,
    [property: Id(4)] bool KeyIsUnused = false,
    [property: Id(5)] string? Owner = null)
{
    /// <summary>The Idempotency-Key as the engines store it: scoped to <see cref="Owner"/>.</summary>
    public string? ScopedIdempotencyKey => ReservationOwner.ScopeKey(Owner, IdempotencyKey);
}
