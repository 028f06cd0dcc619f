namespace Orleans.Stock.Grains.Ledger;

/// <summary>
/// Another writer appended to the SKU first (its version or idempotency key is taken):
/// the caller's view is stale and must be re-read before deciding again.
/// </summary>
public sealed class LedgerConflictException(string sku, long expectedVersion, Exception inner)
    : Exception($"Ledger of '{sku}' moved past version {expectedVersion}.", inner)
{
    public string Sku { get; } = sku;
    public long ExpectedVersion { get; } = expectedVersion;
}
