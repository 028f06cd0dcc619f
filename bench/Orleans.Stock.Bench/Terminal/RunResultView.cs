using System.Globalization;
using Orleans.Stock.Bench.Formatting;
using Orleans.Stock.Bench.Results;
using Spectre.Console;

namespace Orleans.Stock.Bench.Terminal;

/// <summary>The end-of-run report on the console: latency, throughput, outcomes, conflicts, audit.</summary>
public static class RunResultView
{
    public static void Render(RunResult result)
    {
        var config = result.Config;
        var shape = config.Model == "open"
            ? $"open {Formats.Rate(config.Rate)}/s"
            : $"closed {config.Users} users";
        AnsiConsole.Write(new Rule(Markup.Escape(
            string.Create(CultureInfo.InvariantCulture, $"{config.Target} · {shape} · {config.DurationSeconds:0.#} s · {config.Skus} SKU(s){(config.CartLines is { } lines ? $" · carts of {lines}" : "")} · {config.ProductPrefix}")))
        {
            Justification = Justify.Left,
        });

        if (result.Prefill is { } prefill)
        {
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(
                CultureInfo.InvariantCulture,
                $"prefill: {Formats.Count(prefill.Acknowledged)}/{Formats.Count(prefill.Requested)} pending reservations on the hot SKU in {prefill.Seconds:0.0} s ({Formats.Rate(prefill.PerSecond)}/s)")));
        }

        AnsiConsole.Write(LatencyTable(result));
        AnsiConsole.Write(ThroughputTable(result.Throughput));
        AnsiConsole.Write(OutcomeTable(result.Outcomes));
        AnsiConsole.MarkupLine(Markup.Escape(ConflictLine(result)));
        if (result.ClientFault is { } fault)
        {
            AnsiConsole.MarkupLine($"[red]client fault:[/] {Markup.Escape(fault)}");
        }

        if (!result.Drained)
        {
            AnsiConsole.MarkupLine("[yellow]some requests were still in flight when the audit started[/]");
        }

        if (result.GrainBatches is { } batches)
        {
            Console.Out.WriteLine("group commit: " + batches.Describe());
        }

        if (result.Failover is { } failover)
        {
            // Unwrapped whatever the console's width: scripts grep this line.
            Console.Out.WriteLine(FailoverLine(failover));
        }

        AuditView.Render(result.Audit, config.ProductPrefix);
        if (result.Carts is { } carts)
        {
            CartAuditView.Render(carts);
        }

        if (result.Delivery is { } delivery)
        {
            DeliveryView.Render(delivery);
        }
    }

    /// <summary>One line, so scripts can grep it: the fault, then the requests and errors around it.</summary>
    public static string FailoverLine(FailoverSummary failover)
    {
        var fault = failover.Fault;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"failover: '{fault.Command}' at {fault.AtSeconds:0.0} s (exit {fault.ExitCode}) · before {Phase(failover.Before)} · during {Phase(failover.During)} · after {Phase(failover.After)} · recovered after {failover.RecoveredAfterSeconds:0.0} s");

        static string Phase(PhaseCounts phase) => string.Create(
            CultureInfo.InvariantCulture,
            $"{phase.Seconds:0} s: {Formats.Count(phase.Ended)} requests, {Formats.Count(phase.Errors)} errors, slowest {phase.SlowestMs:0} ms");
    }

    private static Table LatencyTable(RunResult result)
    {
        var table = new Table().Title("latency (ms)").AddColumns("operation", "count", "mean", "p50", "p95", "p99", "p99.9", "max");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var (operation, summary) in result.Latency)
        {
            if (summary is null)
            {
                continue;
            }

            table.AddRow(
                operation switch
                {
                    "reserveServerElapsed" => "reserve, server's elapsedMs",
                    "reserveSendLag" => "reserve, client's send lag",
                    _ => operation,
                },
                Formats.Count(summary.Count),
                Formats.Ms(summary.MeanMs),
                Formats.Ms(summary.P50Ms),
                Formats.Ms(summary.P95Ms),
                Formats.Ms(summary.P99Ms),
                Formats.Ms(summary.P999Ms),
                Formats.Ms(summary.MaxMs));
        }

        return table;
    }

    // Rows rather than columns: eight headings side by side do not fit an 80-column terminal.
    private static Table ThroughputTable(ThroughputSummary throughput)
    {
        var table = new Table().Title("throughput").AddColumns("", "value");
        table.Columns[1].RightAligned();
        table.AddRow("offered reserves/s", Formats.Rate(throughput.OfferedPerSecond));
        table.AddRow("reserve answers/s (any status)", Formats.Rate(throughput.AnsweredPerSecond));
        table.AddRow("reserved (2xx)/s", Formats.Rate(throughput.ReservedPerSecond));
        table.AddRow("all requests answered/s", Formats.Rate(throughput.RequestsPerSecond));
        table.AddRow("sessions scheduled", Formats.Count(throughput.Scheduled));
        table.AddRow("requests sent", Formats.Count(throughput.Sent));
        table.AddRow("window (s)", throughput.WindowSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        return table;
    }

    private static Table OutcomeTable(IReadOnlyList<OutcomeCount> outcomes)
    {
        var table = new Table().Title("outcomes").AddColumns("operation", "outcome", "count");
        table.Columns[2].RightAligned();
        foreach (var outcome in outcomes)
        {
            var label = Markup.Escape(outcome.Outcome);
            table.AddRow(outcome.Operation, outcome.Error ? $"[red]{label}[/]" : label, Formats.Count(outcome.Count));
        }

        return table;
    }

    private static string PerStrategy(ServerConflicts server) =>
        server.ByStrategy is { Count: > 0 } byStrategy
            ? " (" + string.Join(", ", byStrategy.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {Formats.Percent(s.Value.ConflictRate)} of {s.Value.Attempts:N0}"))) + ")"
            : "";

    private static string ConflictLine(RunResult result)
    {
        var server = result.ServerConflicts;
        var serverText = !server.MetricsScraped ? "metrics not scraped"
            : server.Attempts is null ? "no sql counters (absent for this engine)"
            : string.Create(CultureInfo.InvariantCulture, $"{server.Conflicts ?? 0:N0} conflicts / {server.Attempts:N0} attempts = {Formats.Percent(server.ConflictRate)}{PerStrategy(server)}, {server.Fallbacks ?? 0:N0} fallbacks");
        var client = result.ClientConflicts;
        var clientText = client.Reservations == 0 ? "no attempts reported"
            : string.Create(CultureInfo.InvariantCulture, $"{client.Attempts:N0} attempts for {client.Reservations:N0} reservations = {Formats.Percent(client.ConflictRate)} conflicts");
        var strategies = client.StrategiesServed.Count == 0 ? "" : " · served by " + string.Join(", ", client.StrategiesServed.Select(s => $"{s.Key} {s.Value:N0}"));
        return $"conflicts: server {serverText} · clients {clientText}{strategies}";
    }
}
