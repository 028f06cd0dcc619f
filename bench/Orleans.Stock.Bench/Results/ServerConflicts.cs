namespace Orleans.Stock.Bench.Results;

/// <summary>
/// Deltas over the load phase of the sql engine's counters from <c>/metrics</c>. Null members mean the
/// counter was absent (a grain-only server, or metrics not served), not zero.
/// </summary>
/// <param name="ConflictRate">Conflicts / attempts over every strategy.</param>
/// <param name="Fallbacks">Requests served pessimistically after optimistic retries ran out.</param>
/// <param name="ByStrategy">The same per <c>strategy</c> label: the optimistic row is the guide's conflict
/// rate, undiluted by pessimistic attempts (which never conflict).</param>
public sealed record ServerConflicts(
    bool MetricsScraped,
    double? Attempts,
    double? Conflicts,
    double? ConflictRate,
    double? Fallbacks,
    IReadOnlyDictionary<string, StrategyConflicts>? ByStrategy);
