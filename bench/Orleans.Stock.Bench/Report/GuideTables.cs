namespace Orleans.Stock.Bench.Report;

/// <summary>
/// The two tables of expected response times in the guide (<c>inventory-concurrency-guide.ko.md</c>,
/// "성능 예상 결과"), as printed there. They are its guesses, shown beside what we measured.
/// </summary>
public static class GuideTables
{
    /// <summary>The guide's first table's rows (TPS).</summary>
    public static readonly int[] TpsLevels = [100, 500, 1000];

    /// <summary>The guide's second table's rows (optimistic conflict rate in percent).</summary>
    public static readonly int[] ConflictLevels = [1, 5, 10, 20];

    // Columns: current (pessimistic), optimistic, Redis, index-optimised. "실패" = failed.
    private static readonly Dictionary<int, (string Pessimistic, string Optimistic, string Redis, string Indexed)> Tps = new()
    {
        [100] = ("3.6 s", "1.2 s", "0.8 s", "2.8 s"),
        [500] = (">10 s", "2.5 s", "1.5 s", ">8 s"),
        [1000] = ("failed", "5.0 s", "2.0 s", "failed"),
    };

    // Columns: optimistic, Redis, pessimistic.
    private static readonly Dictionary<int, (string Optimistic, string Redis, string Pessimistic)> Conflict = new()
    {
        [1] = ("1.2 s", "0.8 s", "3.6 s"),
        [5] = ("1.8 s", "0.9 s", "3.6 s"),
        [10] = ("2.8 s", "1.0 s", "3.6 s"),
        [20] = ("4.5 s", "1.2 s", "3.6 s"),
    };

    /// <summary>
    /// The guide's response time for a target at a TPS row, or null where the guide has none (the
    /// grain engine, rates above 1000). Our sql engine already has the guide's three indexes, so its
    /// pessimistic path answers both the "current" and the "index-optimised" columns.
    /// </summary>
    public static string? ForTps(string target, int rate) => Tps.TryGetValue(rate, out var row)
        ? target switch
        {
            TargetNames.SqlPessimistic => $"{row.Pessimistic} (pessimistic), {row.Indexed} (indexed)",
            TargetNames.SqlOptimistic => row.Optimistic,
            TargetNames.Redis => row.Redis,
            _ => null,
        }
        : null;

    public static string? ForConflict(string target, int level) => Conflict.TryGetValue(level, out var row)
        ? target switch
        {
            TargetNames.SqlOptimistic => row.Optimistic,
            TargetNames.Redis => row.Redis,
            TargetNames.SqlPessimistic => row.Pessimistic,
            _ => null,
        }
        : null;
}
