using System.Globalization;
using System.Text;
using Orleans.Stock.Bench.Formatting;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// The flash sale: one SKU with little stock and far more buyers than units. What matters is that it
/// sells out exactly (no oversell, every acknowledged unit accounted for: the audit) and how long the
/// buyers who get "sold out" wait for that answer.
/// </summary>
public static class FlashSaleSection
{
    public const string Scenario = "flash";

    public static BarResult? Bar(ResultSet results)
    {
        var runs = results.RunsOf(Scenario).ToList();
        if (runs.Count == 0)
        {
            return null;
        }

        var passed = runs.Count(r => Passed(r.Result));
        return new BarResult("flash sale: audit passes and the stock sells out, every target", $"{passed}/{runs.Count} targets", passed == runs.Count);
    }

    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("### Flash sale").AppendLine();
        var runs = results.RunsOf(Scenario).ToList();
        if (runs.Count == 0)
        {
            markdown.AppendLine("Not run.").AppendLine();
            return;
        }

        var config = runs[0].Result.Config;
        markdown.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"One SKU with {config.InitialStock:N0} units, {config.Rate:N0} buyers/s for {config.DurationSeconds:0.#} s, {config.Quantity} units each: far more demand than stock. \"taken\" is reserved + sold as the server reports it; \"left\" must be below the largest request once sold out."))
            .AppendLine();

        var table = new MarkdownTable("target", "stock", "reserved (201)", "sold out (409)", "errors", "taken", "left", "p50", "p99", "max", "audit", "load avg", "verdict");
        foreach (var target in results.Targets)
        {
            var entry = runs.FirstOrDefault(r => r.Scenario.Target == target);
            if (entry is null)
            {
                continue;
            }

            var run = entry.Result;
            var product = run.Audit.Products.FirstOrDefault()?.Server;
            var reserve = run.Reserve;
            table.Row(
                TargetNames.Label(target),
                Formats.Count(run.Config.InitialStock),
                Formats.Count(Outcome(run, "201")),
                Formats.Count(Outcome(run, "409 insufficient-stock")),
                Formats.Errors(run),
                product is null ? "-" : Formats.Count(product.Reserved + product.Sold),
                product is null ? "-" : Formats.Count(product.Available),
                Formats.Ms(reserve?.P50Ms),
                Formats.Ms(reserve?.P99Ms),
                Formats.Ms(reserve?.MaxMs),
                Formats.Audit(run.AuditPassed),
                Formats.Load(entry.Host?.Load1),
                PerformanceBars.Verdict(Passed(run)));
        }

        table.WriteTo(markdown);
    }

    private static long Outcome(RunResult run, string outcome) =>
        run.Outcomes.Where(o => o.Operation == "reserve" && o.Outcome == outcome).Sum(o => o.Count);

    /// <summary>The audit held and fewer units are left than the largest request could take.</summary>
    private static bool Passed(RunResult run)
    {
        var largest = int.TryParse(run.Config.Quantity.Split('-')[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? max : 1;
        return run.AuditPassed && run.Audit.Products.FirstOrDefault()?.Server is { } product && product.Available < largest;
    }
}
