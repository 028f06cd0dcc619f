using System.Globalization;
using System.Text;
using Orleans.Stock.Bench.Formatting;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// The guide's first table (response time at 100 / 500 / 1000 TPS per strategy) with our numbers
/// beside it, plus the rates above 1000 that show the grain engine's headroom.
/// </summary>
public static class TpsSection
{
    public const string Scenario = "tps";

    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("## 1. Response time by load (the guide's first table)").AppendLine();
        var runs = results.RunsOf(Scenario).ToList();
        if (runs.Count == 0)
        {
            markdown.AppendLine("Not run.").AppendLine();
            return;
        }

        var first = runs[0].Result.Config;
        markdown.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"One hot SKU, open model at the offered rate for {first.DurationSeconds:0.#} s after {first.WarmupSeconds:0.#} s of warm-up; reserve latency in ms from the moment each request was due. The guide's column is its guessed response time (Locust, Django)."))
            .AppendLine();

        var table = new MarkdownTable("offered/s", "target", "guide", "mean", "p50", "p95", "p99", "max", "answered/s", "errors", "audit", "load avg");
        foreach (var rate in runs.Select(r => r.Scenario.Number).OfType<double>().Distinct().Order())
        {
            foreach (var target in results.Targets)
            {
                var entry = runs.FirstOrDefault(r => r.Scenario.Target == target && r.Scenario.Number == rate);
                if (entry is null)
                {
                    continue;
                }

                var run = entry.Result;
                var reserve = run.Reserve;
                table.Row(
                    Formats.Rate(rate),
                    TargetNames.Label(target),
                    GuideTables.ForTps(target, (int)rate) ?? "-",
                    Formats.Ms(reserve?.MeanMs),
                    Formats.Ms(reserve?.P50Ms),
                    Formats.Ms(reserve?.P95Ms),
                    Formats.Ms(reserve?.P99Ms),
                    Formats.Ms(reserve?.MaxMs),
                    Formats.Rate(run.Throughput.AnsweredPerSecond),
                    Formats.Errors(run),
                    Formats.Audit(run.AuditPassed),
                    Formats.Load(entry.Host?.Load1));
            }
        }

        table.WriteTo(markdown);
    }
}
