namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// An adjustment's Idempotency-Key (scoped, <see cref="Abstractions.StockAdjustment.ScopedIdempotencyKey"/>)
/// and the fingerprint of the body it was first used with: in Redis for the key's TTL, and in
/// <c>redis_adjustment_keys</c> so that a product loaded back into Redis still knows it.
/// </summary>
public sealed record AdjustmentKey(string Key, long Fingerprint, DateTime CreatedAt);
