using System.Globalization;
using Orleans.Stock.Bench.Formatting;
using Orleans.Stock.Bench.Results;
using Spectre.Console;

namespace Orleans.Stock.Bench.Terminal;

/// <summary>The find-max report: one row per step, then the rate that held.</summary>
public static class FindMaxView
{
    public static void RenderStep(FindMaxStep step)
    {
        var reserve = step.Run.Reserve;
        var verdict = step.Held ? "[green]held[/]" : $"[red]{Markup.Escape(step.FailedBecause ?? "failed")}[/]";
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"step {step.Step}: offered {Formats.Rate(step.OfferedPerSecond)}/s, answered {Formats.Rate(step.Run.Throughput.AnsweredPerSecond)}/s, p99 {Formats.Ms(reserve?.P99Ms)} ms, errors {step.Run.Errors:N0} -> ")) + verdict);
    }

    public static void Render(FindMaxResult result)
    {
        var first = result.Steps.FirstOrDefault()?.Run.Config;
        AnsiConsole.Write(new Rule(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"find-max · {first?.Target} · {first?.Skus} SKU(s) · steps of {result.StepSeconds:0.#} s · x{result.Step} · p99 bound {result.P99BoundMs} ms")))
        {
            Justification = Justify.Left,
        });

        var table = new Table().AddColumns("step", "offered/s", "answered/s", "reserved/s", "p50", "p99", "p99.9", "max", "errors", "audit", "verdict");
        foreach (var column in table.Columns.Take(9))
        {
            column.RightAligned();
        }

        foreach (var step in result.Steps)
        {
            var run = step.Run;
            var reserve = run.Reserve;
            table.AddRow(
                step.Step.ToString(CultureInfo.InvariantCulture),
                Formats.Rate(step.OfferedPerSecond),
                Formats.Rate(run.Throughput.AnsweredPerSecond),
                Formats.Rate(run.Throughput.ReservedPerSecond),
                Formats.Ms(reserve?.P50Ms),
                Formats.Ms(reserve?.P99Ms),
                Formats.Ms(reserve?.P999Ms),
                Formats.Ms(reserve?.MaxMs),
                Formats.Count(run.Errors),
                run.AuditPassed ? "[green]passed[/]" : "[red]FAILED[/]",
                step.Held ? "[green]held[/]" : $"[red]{Markup.Escape(step.FailedBecause ?? "failed")}[/]");
        }

        AnsiConsole.Write(table);
        var held = result.HighestHeldRate is { } rate ? $"[bold]{Formats.Rate(rate)}/s[/]" : "[red]none[/]";
        AnsiConsole.MarkupLine($"highest rate that held: {held} · stopped: {Markup.Escape(result.StopReason)}");
        if (!result.AuditPassed)
        {
            AnsiConsole.MarkupLine("[red]audit FAILED in at least one step[/]");
        }
    }
}
