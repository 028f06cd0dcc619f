using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Metrics;

/// <summary>
/// The measured conflict rate of the sql engine: conflicts / attempts over the run, from the server's
/// own counters. This is what the guide's "conflict rate" means, as opposed to the contention the
/// workload was configured with. The counters are global to the server, so traffic from anyone else
/// during the run is counted too.
/// </summary>
public static class SqlConflictCounters
{
    public const string Attempts = "stock_sql_attempts_total";
    public const string Conflicts = "stock_sql_conflicts_total";
    public const string Fallbacks = "stock_sql_fallbacks_total";
    public const string StrategyLabel = "strategy";

    public static ServerConflicts Measure(MetricsSnapshot? before, MetricsSnapshot? after)
    {
        if (before is null || after is null)
        {
            return new ServerConflicts(false, null, null, null, null, null);
        }

        var attempts = Delta(before, after, Attempts);
        var conflicts = Delta(before, after, Conflicts);
        return new ServerConflicts(
            true,
            attempts,
            conflicts,
            Rate(attempts, conflicts),
            Delta(before, after, Fallbacks),
            attempts is null ? null : ByStrategy(before, after));
    }

    private static Dictionary<string, StrategyConflicts> ByStrategy(MetricsSnapshot before, MetricsSnapshot after)
    {
        var attemptsBefore = before.SumByLabel(Attempts, StrategyLabel);
        var conflictsBefore = before.SumByLabel(Conflicts, StrategyLabel);
        var conflictsAfter = after.SumByLabel(Conflicts, StrategyLabel);
        var result = new Dictionary<string, StrategyConflicts>(StringComparer.Ordinal);
        foreach (var (strategy, total) in after.SumByLabel(Attempts, StrategyLabel))
        {
            var attempts = total - attemptsBefore.GetValueOrDefault(strategy);
            var conflicts = conflictsAfter.GetValueOrDefault(strategy) - conflictsBefore.GetValueOrDefault(strategy);
            if (attempts != 0 || conflicts != 0)
            {
                result[strategy] = new StrategyConflicts(attempts, conflicts, Rate(attempts, conflicts));
            }
        }

        return result;
    }

    private static double? Rate(double? attempts, double? conflicts) => attempts is > 0 ? (conflicts ?? 0) / attempts : null;

    private static double? Delta(MetricsSnapshot before, MetricsSnapshot after, string metric) =>
        after.Sum(metric) is { } end ? end - (before.Sum(metric) ?? 0) : null;
}
