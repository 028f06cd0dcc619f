namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// One entry of the change stream: a SKU's absolute counters after a change and, when a
/// reservation changed, the whole reservation. Absolute values make applying it twice harmless.
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
    StoredReservation? Reservation);
