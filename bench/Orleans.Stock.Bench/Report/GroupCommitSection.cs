using System.Text;
using Orleans.Stock.Bench.Formatting;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// Group commit, shown rather than claimed: per grain run, how many commands each durable ledger
/// append carried (from the silos' <c>stock_grain_batch_commands</c> histogram). Find-max ladders
/// contribute their highest step that held and the first that did not.
/// </summary>
public static class GroupCommitSection
{
    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("### Group commit: commands per ledger append (grain)").AppendLine();
        var rows = Rows(results).ToList();
        if (rows.Count == 0)
        {
            markdown.AppendLine("Not measured (the silos' `/metrics` were not scraped: `--silo-metrics`).").AppendLine();
            return;
        }

        var table = new MarkdownTable("run", "offered/s", "answered/s", "appends", "commands per append (mean)", "appends by commands carried");
        foreach (var (label, run) in rows)
        {
            var batches = run.GrainBatches!;
            table.Row(
                label,
                Formats.Rate(run.Config.Rate),
                Formats.Rate(run.Throughput.AnsweredPerSecond),
                Formats.Count(batches.Batches),
                batches.MeanCommands.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
                string.Join(", ", batches.Buckets.Select(b => $"{b.Size}: {Formats.Count(b.Batches)}")));
        }

        table.WriteTo(markdown);
    }

    private static IEnumerable<(string Label, RunResult Run)> Rows(ResultSet results)
    {
        foreach (var entry in results.Runs.Where(r => r.Scenario.Target == TargetNames.Grain && r.Result.GrainBatches is not null))
        {
            yield return ($"`{Path.GetFileNameWithoutExtension(entry.File)}`", entry.Result);
        }

        foreach (var entry in results.FindMaxes.Where(f => f.Scenario.Target == TargetNames.Grain))
        {
            var steps = entry.Result.Steps;
            var lastHeld = steps.LastOrDefault(s => s.Held);
            var firstMissed = steps.FirstOrDefault(s => !s.Held);
            foreach (var (step, verdict) in new[] { (lastHeld, "held"), (firstMissed, "missed") })
            {
                if (step?.Run.GrainBatches is not null)
                {
                    yield return ($"`{Path.GetFileNameWithoutExtension(entry.File)}` step {step.Step} ({verdict})", step.Run);
                }
            }
        }
    }
}
