using System.Globalization;
using System.Text;
using Orleans.Stock.Bench.Formatting;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// The deep backlog: the grain engine's find-max on an empty hot SKU against the same ladder after
/// prefilling it with pending reservations (a grain whose cost grew with its state would fall behind
/// here), and the silo's resident memory per 100,000 pending reservations.
/// </summary>
public static class BacklogSection
{
    public const string Scenario = "backlog";
    private const string Target = TargetNames.Grain;

    public static IEnumerable<BarResult> Bars(ResultSet results)
    {
        var (empty, prefilled) = (results.FindMax(Scenario, Target, "empty"), results.FindMax(Scenario, Target, "prefill"));
        if (empty is not null && prefilled is not null)
        {
            var ratio = Ratio(empty, prefilled);
            var measured = string.Create(
                CultureInfo.InvariantCulture,
                $"{Formats.Rate(prefilled.Result.HighestHeldRate)}/s with {prefilled.Result.Steps.FirstOrDefault()?.Run.Config.Prefill:N0} pending vs {Formats.Rate(empty.Result.HighestHeldRate)}/s empty = {Formats.Percent(ratio)}");
            // No verdict when the empty SKU held no rate: there is nothing to be 80 % of.
            yield return new BarResult("deep backlog: >= 80 % of the empty-SKU throughput (grain)", measured, ratio is { } r ? r >= PerformanceBars.BacklogRatio : null);
        }

        if (MemoryPer100K(results) is { } memory)
        {
            yield return new BarResult("silo working set per 100,000 pending reservations (grain)", Formats.MiB(memory.PerHundredThousandKb), null);
        }
    }

    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("### Deep backlog (grain)").AppendLine();
        var empty = results.FindMax(Scenario, Target, "empty");
        var prefilled = results.FindMax(Scenario, Target, "prefill");
        if (empty is null && prefilled is null)
        {
            markdown.AppendLine("Not run.").AppendLine();
        }
        else
        {
            markdown.AppendLine("find-max on one hot SKU, the same ladder of rates twice: on a fresh SKU, and on a SKU that first received the pending one-unit reservations (every step gets fresh products and its own prefill).").AppendLine();
            var table = new MarkdownTable("hot SKU", "pending before measuring", "prefill rate/s", "ladder", "highest rate held", "stopped", "load avg");
            foreach (var entry in new[] { empty, prefilled }.OfType<FindMaxEntry>())
            {
                var result = entry.Result;
                var prefill = result.Steps.Select(s => s.Run.Prefill).OfType<PrefillSummary>().ToList();
                table.Row(
                    entry.Scenario.Param ?? "-",
                    Formats.Count(result.Steps.FirstOrDefault()?.Run.Config.Prefill ?? 0),
                    prefill.Count == 0 ? "-" : Formats.Rate(prefill.Average(p => p.PerSecond)),
                    string.Create(CultureInfo.InvariantCulture, $"{result.StartRate:N0}/s x{result.Step}, {result.StepSeconds:0.#} s steps"),
                    Formats.Rate(result.HighestHeldRate),
                    result.StopReason,
                    Formats.Load(entry.Host?.Load1));
            }

            table.WriteTo(markdown);
            if (empty is not null && prefilled is not null)
            {
                markdown.AppendLine($"Backlog throughput / empty throughput: **{Formats.Percent(Ratio(empty, prefilled))}** (bar >= {PerformanceBars.BacklogRatio:P0}). The ladder's step is the resolution of this ratio.").AppendLine();
            }
        }

        if (MemoryPer100K(results) is { } memory)
        {
            markdown.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Memory: silo VmRSS {Formats.MiB(memory.BeforeKb)} before and {Formats.MiB(memory.AfterKb)} after {memory.Pending:N0} pending reservations were added to one SKU (a prefill-only run): **{Formats.MiB(memory.PerHundredThousandKb)} per 100,000 pending reservations**. Resident memory includes garbage not yet collected, so this is an upper bound."))
                .AppendLine();
        }
    }

    /// <summary>Held rate with the backlog over held rate without; 0 when the backlog run held nothing.</summary>
    private static double? Ratio(FindMaxEntry empty, FindMaxEntry prefilled) =>
        empty.Result.HighestHeldRate is > 0 and var baseline ? (prefilled.Result.HighestHeldRate ?? 0) / baseline : null;

    private static (long BeforeKb, long AfterKb, long Pending, double PerHundredThousandKb)? MemoryPer100K(ResultSet results)
    {
        if (results.Run(Scenario, Target, "memory") is not { Host: { SiloRssBeforeKb: { } before, SiloRssAfterKb: { } after } } entry)
        {
            return null;
        }

        // The server's own count of pending units on the hot SKU (one unit each) is exact, unlike the client's.
        var pending = entry.Result.Audit.Products.FirstOrDefault()?.Server?.Reserved ?? entry.Result.Prefill?.Acknowledged ?? 0;
        return pending > 0 ? (before, after, pending, (after - before) * (double)PerformanceBars.BacklogReservations / pending) : null;
    }
}
