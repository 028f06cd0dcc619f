using System.Globalization;
using System.Text;
using Orleans.Stock.Bench.Formatting;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// The guide's second table (response time at 1 / 5 / 10 / 20 % conflicts). The conflict rate is what
/// the sql engine's counters measured for optimistic tries, shown beside the level it was meant to hit:
/// bench.sh picks the number of SKUs, the server decides the rest.
/// </summary>
public static class ConflictSection
{
    public const string Scenario = "conflict";

    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("## 2. Response time by conflict rate (the guide's second table)").AppendLine();
        var runs = results.RunsOf(Scenario).ToList();
        if (runs.Count == 0)
        {
            markdown.AppendLine("Not run.").AppendLine();
            return;
        }

        var first = runs[0].Result.Config;
        markdown.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Every target at the same load: {first.Rate:N0} reservations/s for {first.DurationSeconds:0.#} s (after {first.WarmupSeconds:0.#} s of warm-up), spread uniformly over N SKUs; fewer SKUs, more optimistic conflicts. \"Measured conflicts\" is conflicts / attempts of the optimistic strategy from the server's `stock_sql_*` counters; retries beyond 3 fall back to pessimistic."))
            .AppendLine();

        var table = new MarkdownTable("guide's conflict rate", "SKUs", "target", "measured conflicts", "fallbacks", "guide", "mean", "p95", "p99", "answered/s", "errors", "audit", "load avg");
        foreach (var level in runs.Select(r => r.Scenario.Number).OfType<double>().Distinct().Order())
        {
            foreach (var target in results.Targets)
            {
                var entry = runs.FirstOrDefault(r => r.Scenario.Target == target && r.Scenario.Number == level);
                if (entry is null)
                {
                    continue;
                }

                var run = entry.Result;
                var reserve = run.Reserve;
                table.Row(
                    string.Create(CultureInfo.InvariantCulture, $"{level:0.#} %"),
                    Formats.Count(run.Config.Skus),
                    TargetNames.Label(target),
                    target == TargetNames.SqlOptimistic ? Formats.Percent(OptimisticConflictRate(run)) : "-",
                    run.ServerConflicts.Fallbacks is { } fallbacks && target == TargetNames.SqlOptimistic ? Formats.Count((long)fallbacks) : "-",
                    GuideTables.ForConflict(target, (int)level) ?? "-",
                    Formats.Ms(reserve?.MeanMs),
                    Formats.Ms(reserve?.P95Ms),
                    Formats.Ms(reserve?.P99Ms),
                    Formats.Rate(run.Throughput.AnsweredPerSecond),
                    Formats.Errors(run),
                    Formats.Audit(run.AuditPassed),
                    Formats.Load(entry.Host?.Load1));
            }
        }

        table.WriteTo(markdown);
    }

    /// <summary>
    /// The optimistic strategy's own rate: the server's per-strategy counters when present (fallbacks'
    /// pessimistic attempts never conflict and would dilute the total), else what the answers reported.
    /// </summary>
    public static double? OptimisticConflictRate(RunResult run) =>
        run.ServerConflicts.ByStrategy?.GetValueOrDefault("optimistic")?.ConflictRate
        ?? run.ServerConflicts.ConflictRate
        ?? run.ClientConflicts.ConflictRate;
}
