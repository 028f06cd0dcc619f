using System.Text;
using Orleans.Stock.Bench.Formatting;

namespace Orleans.Stock.Bench.Report;

/// <summary>The grain engine at the guide's top load, 1000 TPS on one hot SKU: the issue wants p99 &lt;= 10 ms with zero errors.</summary>
public static class At1000Section
{
    public const string Scenario = "at1000";

    public static BarResult? Bar(ResultSet results)
    {
        if (Entry(results) is not { } entry)
        {
            return null;
        }

        var run = entry.Result;
        return new BarResult("grain at 1000 TPS, one hot SKU: p99 <= 10 ms, zero errors", $"p99 {Formats.Ms(run.Reserve?.P99Ms)} ms, {Formats.Count(run.Errors)} errors", Passed(entry));
    }

    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("### Grain at 1000 TPS").AppendLine();
        if (Entry(results) is not { } entry)
        {
            markdown.AppendLine("Not run.").AppendLine();
            return;
        }

        var run = entry.Result;
        var reserve = run.Reserve;
        markdown.AppendLine("Reserve latency as the clients saw it, from each request's due time; beside it the server's own `elapsedMs` (API to engine and back) and the load generator's send lag (due time to hand-over to its HTTP stack), which the client's latency includes.").AppendLine();
        new MarkdownTable("offered/s", "seconds", "answered/s", "mean", "p50", "p99", "p99.9", "max", "server p50 / p99", "send lag p50 / p99", "errors", "audit", "load avg", "verdict")
            .Row(
                Formats.Rate(run.Config.Rate),
                run.Config.DurationSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture),
                Formats.Rate(run.Throughput.AnsweredPerSecond),
                Formats.Ms(reserve?.MeanMs),
                Formats.Ms(reserve?.P50Ms),
                Formats.Ms(reserve?.P99Ms),
                Formats.Ms(reserve?.P999Ms),
                Formats.Ms(reserve?.MaxMs),
                Formats.P50P99(run.ReserveServerElapsed),
                Formats.P50P99(run.ReserveSendLag),
                Formats.Errors(run),
                Formats.Audit(run.AuditPassed),
                Formats.Load(entry.Host?.Load1),
                PerformanceBars.Verdict(Passed(entry)))
            .WriteTo(markdown);
    }

    private static RunEntry? Entry(ResultSet results) => results.RunsOf(Scenario).FirstOrDefault(r => r.Scenario.Target == TargetNames.Grain);

    private static bool Passed(RunEntry entry) =>
        entry.Result.Reserve is { } reserve && reserve.P99Ms <= PerformanceBars.At1000P99Ms && entry.Result.Errors == 0 && entry.Result.AuditPassed;
}
