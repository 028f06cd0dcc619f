namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// What a stream entry says about the change itself, beyond the counters it left.
/// </summary>
/// <param name="Kind">The history kind (<see cref="Abstractions.HistoryKinds"/>).</param>
/// <param name="Quantity">Units moved; the signed delta for an adjustment.</param>
/// <param name="AvailableBefore">Available units just before the change, to decide its threshold events.</param>
/// <param name="LowStockThreshold">The product's threshold when the change was made.</param>
/// <param name="Actor">Who made it (a reserve's owner; none for an expiry).</param>
/// <param name="AdjustmentKey">An adjustment's scoped Idempotency-Key and its fingerprint, kept in PostgreSQL for a reload.</param>
public sealed record ChangeHistory(
    string Kind,
    long Quantity,
    long AvailableBefore,
    int? LowStockThreshold,
    string? Reason,
    string? Actor,
    AdjustmentKey? AdjustmentKey = null);
