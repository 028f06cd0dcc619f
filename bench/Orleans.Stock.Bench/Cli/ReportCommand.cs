using System.CommandLine;
using Orleans.Stock.Bench.Report;
using Spectre.Console;

namespace Orleans.Stock.Bench.Cli;

/// <summary>
/// <c>report</c>: turns the JSON files of a <c>scripts/bench.sh</c> run into <c>report.md</c> (the
/// guide's tables beside the measured numbers, the bars) and <c>latency.svg</c>.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var input = new Option<DirectoryInfo>("--in")
        {
            Description = "Folder with the results: the JSON of runs given --scenario (as scripts/bench.sh runs them), run.json, host-readings.tsv",
            DefaultValueFactory = _ => new DirectoryInfo("bench/results"),
        };
        var output = new Option<DirectoryInfo?>("--out")
        {
            Description = "Folder for report.md and latency.svg (default: the --in folder)",
        };

        var command = new Command("report", "Write report.md and latency.svg from the JSON results of scripts/bench.sh");
        command.Options.Add(input);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var from = parse.GetValue(input)!;
            return await ExecuteAsync(from, parse.GetValue(output) ?? from, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(DirectoryInfo from, DirectoryInfo to, CancellationToken cancellationToken)
    {
        if (!from.Exists)
        {
            AnsiConsole.MarkupLine($"[red]no such folder: {Markup.Escape(from.FullName)}[/]");
            return ExitCodes.SetupFailed;
        }

        var results = ResultSet.Load(from.FullName);
        foreach (var problem in results.Problems)
        {
            AnsiConsole.MarkupLine($"[yellow]skipped {Markup.Escape(problem)}[/]");
        }

        foreach (var ignored in results.Ignored)
        {
            AnsiConsole.MarkupLine($"[grey]ignored {Markup.Escape(ignored)}[/]");
        }

        if (results.Runs.Count == 0 && results.FindMaxes.Count == 0)
        {
            AnsiConsole.MarkupLine($"[red]no results (JSON files with a scenario, as runs given --scenario write them) in {Markup.Escape(from.FullName)}[/]");
            return ExitCodes.SetupFailed;
        }

        to.Create();
        var markdown = Path.Combine(to.FullName, "report.md");
        var chart = Path.Combine(to.FullName, "latency.svg");
        await File.WriteAllTextAsync(markdown, MarkdownReport.Render(results, Path.GetFileName(chart)), cancellationToken);
        await File.WriteAllTextAsync(chart, LatencyChart.Render(LatencyPoints.From(results)), cancellationToken);
        AnsiConsole.MarkupLine($"report written to {Markup.Escape(markdown)} and {Markup.Escape(chart)}");
        return ExitCodes.Success;
    }
}
