using System.Globalization;
using Orleans.Stock.Bench.Formatting;
using Orleans.Stock.Bench.Results;
using Spectre.Console;

namespace Orleans.Stock.Bench.Terminal;

/// <summary>
/// A delivery-lag run's two lines, unwrapped (scripts/bench.sh picks them out of the log): the lag with
/// the intervals that bound it, then the delivery audit's verdict (it starts with "audit") and its violations.
/// </summary>
public static class DeliveryView
{
    public static void Render(DeliverySummary delivery)
    {
        Console.Out.WriteLine(LagLine(delivery));
        var audit = delivery.Audit;
        var verdict = delivery.Passed ? "PASSED" : "FAILED";
        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"audit of deliveries {verdict}: {audit.Arrived:N0}/{audit.Acknowledged:N0} acknowledged reservations' events arrived, {audit.Missing:N0} missing, {audit.Unexpected:N0} unacknowledged, {audit.Duplicates:N0} copies, {audit.InvalidSignatures:N0} bad signatures, {delivery.Unreadable:N0} unreadable, {audit.ViolationCount:N0} violation(s)"));
        foreach (var violation in audit.Violations)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(violation)}[/]");
        }

        if (!delivery.WebhookDeleted)
        {
            AnsiConsole.MarkupLine("[yellow]the webhook could not be deleted: it keeps receiving this service's events[/]");
        }
    }

    public static string LagLine(DeliverySummary delivery)
    {
        var lag = delivery.Lag;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"delivery: {Formats.Count(delivery.EventsReceived)} events, lag p50 {Formats.Ms(lag?.P50Ms)} / p99 {Formats.Ms(lag?.P99Ms)} / max {Formats.Ms(lag?.MaxMs)} ms, {Formats.Rate(delivery.DeliveredPerSecond)}/s delivered, last {delivery.WaitedSeconds:0.0} s after the load (stamp interval {Interval(delivery.StampIntervalMs)}, poll interval {Interval(delivery.PollIntervalMs)})");
    }

    private static string Interval(double? ms) => ms is { } value ? value.ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "not given";
}
