using System.Globalization;
using System.Text;
using Orleans.Stock.Bench.Formatting;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// Carts (issue 9): carts of several distinct SKUs with a hot SKU in most of them, so carts collide and,
/// as stock runs short, get refused whole. One row per target: carts reserved per second, the cart's
/// latency, the share refused, and both audits (per-SKU counters, every cart read back).
/// </summary>
public static class CartSection
{
    public const string Scenario = "cart";

    public static BarResult? Bar(ResultSet results)
    {
        var runs = results.RunsOf(Scenario).ToList();
        if (runs.Count == 0)
        {
            return null;
        }

        var passed = runs.Count(r => r.Result.AuditPassed && r.Result.Carts is not null);
        return new BarResult("carts (issue 9): no cart half-reserved, counters match the acknowledged carts, every target", $"{passed}/{runs.Count} targets", passed == runs.Count);
    }

    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("### Carts").AppendLine();
        var runs = results.RunsOf(Scenario).ToList();
        if (runs.Count == 0)
        {
            markdown.AppendLine("Not run.").AppendLine();
            return;
        }

        var config = runs[0].Result.Config;
        markdown.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Carts of {config.CartLines} distinct SKUs out of {config.Skus}, SKU 0 drawn for {config.HotShare:P0} of the lines (so it is in most carts), {config.Quantity} unit(s) per line, {config.InitialStock:N0} units per SKU, {config.Rate:N0} carts/s offered for {config.DurationSeconds:0.#} s; then {config.Confirm:P0} confirmed, {config.Cancel:P0} cancelled, the rest left pending. `mixed` puts SKU i on grain, sql, redis in turn. \"refused\" is the share of answered carts refused whole (409/404); the audit reads back every acknowledged cart (same lines, every line in the cart's status) and checks every SKU's counters against the acknowledged carts' lines."))
            .AppendLine();

        var table = new MarkdownTable("target", "carts/s (201)", "answered/s", "p50", "p99", "max", "refused", "errors", "carts read back", "audit", "load avg");
        foreach (var target in results.Targets)
        {
            var entry = runs.FirstOrDefault(r => r.Scenario.Target == target);
            if (entry is null)
            {
                continue;
            }

            var run = entry.Result;
            var reserve = run.Reserve;
            var answered = run.Throughput.ReservesAnswered;
            table.Row(
                TargetNames.Label(target),
                Formats.Rate(run.Throughput.ReservedPerSecond),
                Formats.Rate(run.Throughput.AnsweredPerSecond),
                Formats.Ms(reserve?.P50Ms),
                Formats.Ms(reserve?.P99Ms),
                Formats.Ms(reserve?.MaxMs),
                Formats.Percent(answered == 0 ? null : (double)Refused(run) / answered),
                Formats.Errors(run),
                run.Carts is { } carts ? $"{Formats.Count(carts.Read)}/{Formats.Count(carts.Acknowledged)}" : "-",
                run.Carts is null ? "no cart audit" : Formats.Audit(run.AuditPassed),
                Formats.Load(entry.Host?.Load1));
        }

        table.WriteTo(markdown);
    }

    private static long Refused(RunResult run) =>
        run.Outcomes.Where(o => o.Operation == "reserve" && (o.Outcome.StartsWith("409", StringComparison.Ordinal) || o.Outcome.StartsWith("404", StringComparison.Ordinal))).Sum(o => o.Count);
}
