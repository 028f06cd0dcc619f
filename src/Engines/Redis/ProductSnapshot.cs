namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// A redis product as PostgreSQL holds it, read in one transaction: the counters and the
/// reservations Redis needs to serve it (pending ones, those whose Idempotency-Key is still
/// remembered, and any the caller asked about), the units each user holds (pending plus confirmed),
/// kept for every product so that a limit set later holds at once.
/// </summary>
public sealed record ProductSnapshot(
    string Sku,
    string Name,
    long InitialStock,
    long Available,
    long Reserved,
    long Sold,
    long Restocked,
    long Version,
    DateTime CreatedAt,
    IReadOnlyList<StoredReservation> Reservations,
    int? MaxPerUser = null,
    IReadOnlyDictionary<string, long>? Held = null,
    long Adjusted = 0,
    int? LowStockThreshold = null,
    IReadOnlyList<AdjustmentKey>? AdjustmentKeys = null);
