using System.Globalization;
using System.Text;
using Orleans.Stock.Bench.Formatting;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// find-max on one hot SKU per target: the highest offered rate whose reserve p99 stayed within the
/// bound with no errors, and the issue's headline ratio grain / sql-pessimistic.
/// </summary>
public static class FindMaxSection
{
    public const string Scenario = "findmax";

    public static BarResult? Bar(ResultSet results)
    {
        if (!results.FindMaxesOf(Scenario).Any())
        {
            return null;
        }

        var grain = Held(results, TargetNames.Grain);
        var pessimistic = Held(results, TargetNames.SqlPessimistic);

        var ratio = Ratio(grain, pessimistic);
        var measured = $"{Formats.Rate(grain)}/s vs {Formats.Rate(pessimistic)}/s = {Formats.Ratio(ratio)}";
        // No verdict when sql/pessimistic held no rate at all: the ratio has no denominator.
        return new BarResult("one hot SKU, find-max at p99 <= 50 ms: grain >= 10x sql/pessimistic", measured, ratio is { } r ? r >= PerformanceBars.FindMaxRatio : null);
    }

    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("### Highest rate on one hot SKU (find-max)").AppendLine();
        var entries = results.FindMaxesOf(Scenario).ToList();
        if (entries.Count == 0)
        {
            markdown.AppendLine("Not run.").AppendLine();
            return;
        }

        var first = entries[0].Result;
        markdown.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Open-model steps from {first.StartRate:N0}/s, x{first.Step} each, {first.StepSeconds:0.#} s per step on fresh products, until reserve p99 exceeds {first.P99BoundMs:0.#} ms or any error appears. Steps: offered/s -> p99 ms."))
            .AppendLine();

        var table = new MarkdownTable("target", "highest rate held", "stopped", "steps", "most answered/s in any run", "load avg");
        foreach (var target in results.Targets)
        {
            if (entries.FirstOrDefault(e => e.Scenario.Target == target) is not { } entry)
            {
                continue;
            }

            var result = entry.Result;
            var steps = string.Join(", ", result.Steps.Select(s => $"{Formats.Rate(s.OfferedPerSecond)} -> {Formats.Ms(s.Run.Reserve?.P99Ms)}{(s.Held ? "" : " (no)")}"));
            var peak = Peak(results, target);
            table.Row(
                TargetNames.Label(target),
                Formats.Rate(result.HighestHeldRate),
                result.StopReason,
                steps,
                peak is { } p ? $"{Formats.Rate(p.Answered)} (offered {Formats.Rate(p.Offered)})" : "-",
                Formats.Load(entry.Host?.Load1));
        }

        table.WriteTo(markdown);
        var ratio = Ratio(Held(results, TargetNames.Grain), Held(results, TargetNames.SqlPessimistic));
        markdown.AppendLine($"grain / sql-pessimistic: **{Formats.Ratio(ratio)}** (bar >= {PerformanceBars.FindMaxRatio:0}x). The machine runs the load generator, the API, the silo and PostgreSQL on the same cores, so the grain figure is a lower bound of what the service does alone.").AppendLine();
        var saturation = Ratio(Peak(results, TargetNames.Grain)?.Answered, Peak(results, TargetNames.SqlPessimistic)?.Answered);
        markdown.AppendLine($"Most reserve answers per second seen in any one-hot-SKU run (the TPS table and these steps), whatever the latency, grain / sql-pessimistic: {Formats.Ratio(saturation)}. Not the bar, but less sensitive to a noisy machine than a p99 bound.").AppendLine();
    }

    /// <summary>The most reserve answers per second of any one-hot-SKU run of the target: its saturation throughput when some run overloaded it.</summary>
    private static (double Answered, double? Offered)? Peak(ResultSet results, string target)
    {
        var runs = results.RunsOf(TpsSection.Scenario).Where(r => r.Scenario.Target == target).Select(r => r.Result)
            .Concat(results.FindMaxesOf(Scenario).Where(f => f.Scenario.Target == target).SelectMany(f => f.Result.Steps).Select(s => s.Run))
            .ToList();
        if (runs.Count == 0)
        {
            return null;
        }

        var best = runs.MaxBy(r => r.Throughput.AnsweredPerSecond)!;
        return (best.Throughput.AnsweredPerSecond, best.Config.Rate);
    }

    private static double? Held(ResultSet results, string target) =>
        results.FindMax(Scenario, target, "p99-50")?.Result.HighestHeldRate;

    /// <summary>Grain's held rate over sql/pessimistic's; grain holding nothing counts as 0, sql/pessimistic holding nothing leaves no ratio.</summary>
    private static double? Ratio(double? grain, double? pessimistic) =>
        pessimistic is > 0 and { } p ? (grain ?? 0) / p : null;
}
