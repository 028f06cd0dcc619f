using System.Globalization;
using System.Text;
using Orleans.Stock.Bench.Formatting;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// Issue 6's long form: a 3-silo, 2-API cluster under load loses one silo to kill -9, then another to
/// SIGTERM. Requests before, during and after each fault, when clients stopped seeing errors or slow
/// answers, and the audit (no acknowledged change lost, nothing oversold).
/// </summary>
public static class FailoverSection
{
    public const string Scenario = "failover";

    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("### Failover: a silo lost under load").AppendLine();
        var entries = results.RunsOf(Scenario).Where(r => r.Result.Failover is not null).ToList();
        if (entries.Count == 0)
        {
            markdown.AppendLine("Not run.").AppendLine();
            return;
        }

        var table = new MarkdownTable(
            "fault", "offered/s", "before: requests / errors", "during: seconds / requests / errors / slowest",
            "after: requests / errors", "recovered after", "audit", "load avg");
        foreach (var entry in entries)
        {
            var run = entry.Result;
            // Split again from the stored timeline, so results judge by the current rule.
            var failover = FailoverSummary.From(run.Failover!.Fault, run.Failover.Timeline, run.Failover.SlowMs);
            table.Row(
                string.Create(CultureInfo.InvariantCulture, $"`{failover.Fault.Command}` at {failover.Fault.AtSeconds:0.0} s"),
                Formats.Rate(run.Config.Rate),
                $"{Formats.Count(failover.Before.Ended)} / {Formats.Count(failover.Before.Errors)}",
                string.Create(CultureInfo.InvariantCulture, $"{failover.During.Seconds:0} / {Formats.Count(failover.During.Ended)} / {Formats.Count(failover.During.Errors)} / {(failover.During.Seconds > 0 ? Formats.Ms(failover.During.SlowestMs) + " ms" : "-")}"),
                $"{Formats.Count(failover.After.Ended)} / {Formats.Count(failover.After.Errors)}",
                string.Create(CultureInfo.InvariantCulture, $"{failover.RecoveredAfterSeconds:0.0} s"),
                Formats.Audit(run.Audit.Passed),
                Formats.Load(entry.Host?.Load1));
        }

        table.WriteTo(markdown);
        markdown.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Errors are answers other than 2xx and the business 409 (a 503 included). \"During\" runs from the fault until {FailoverSummary.CleanSeconds} seconds in a row had no error and no answer slower than {FailoverSummary.DefaultSlowMs:0} ms; \"recovered after\" is its length. The load is spread over both APIs, with an Idempotency-Key on every reservation."))
            .AppendLine();
    }
}
