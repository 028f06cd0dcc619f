namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>
/// Reservations of one engine and strategy: per second over the last interval, p50/p99 of that
/// interval, and totals since start (the same figures as <c>stock_reservations_total</c>).
/// </summary>
public sealed record SeriesView(
    string Engine,
    string Strategy,
    double PerSecond,
    double? P50Ms,
    double? P99Ms,
    long Total,
    IReadOnlyDictionary<string, long> ErrorsByCode,
    IReadOnlyDictionary<string, double> ErrorsPerSecondByCode);
