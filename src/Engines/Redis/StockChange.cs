namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// One entry of the change stream: a SKU's absolute counters after a change and, when a
/// reservation changed, the whole reservation. Absolute values make applying it twice harmless.
/// <see cref="History"/> is what the history and the events need; null for an entry written before
/// the stream carried it (its counters are applied, it records no history item).
/// </summary>
public sealed record StockChange(
    ChangeStreamId Id,
    string Sku,
    long Version,
    long Available,
    long Reserved,
    long Sold,
    long Restocked,
    DateTime At,
    StoredReservation? Reservation,
    long Adjusted = 0,
    ChangeHistory? History = null);
