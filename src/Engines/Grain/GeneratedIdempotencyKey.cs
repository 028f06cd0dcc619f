namespace Orleans.Stock.Engines.Grain;

/// <summary>
/// The key the API gives a reservation that came without an Idempotency-Key, so that retrying it
/// after a silo loss can never reserve twice: the grain dedupes by key. It is unique per request
/// and never shown to the client; the prefix tells it apart in the ledger.
/// </summary>
public static class GeneratedIdempotencyKey
{
    public const string Prefix = "api-retry:";

    public static string New() => Prefix + Guid.CreateVersion7().ToString("N");
}
