using System.Globalization;
using System.Text;
using Orleans.Stock.Bench.Formatting;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// The outbox (issue 16): what writing the outbox rows with each ledger append costs the grain engine
/// (<c>Stock:Grain:WriteEvents</c> on against off, rounds alternating on one machine), and how late the
/// events reach a webhook under load, with the audit that each acknowledged reservation's event arrived.
/// </summary>
public static class OutboxSection
{
    public const string Scenario = "outbox";
    private const string LagPrefix = "lag";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("### The outbox: its cost on the hot path, and delivery lag").AppendLine();
        var runs = results.RunsOf(Scenario).ToList();
        if (runs.Count == 0)
        {
            markdown.AppendLine("Not run.").AppendLine();
            return;
        }

        WriteCost(runs, markdown);
        WriteLag([.. runs.Where(r => r.Scenario.Param?.StartsWith(LagPrefix, StringComparison.Ordinal) == true)], markdown);
    }

    private static void WriteCost(List<RunEntry> runs, StringBuilder markdown)
    {
        var comparisons = OutboxComparison.From(runs.Select(r => r.Result));
        if (comparisons.Count == 0)
        {
            return;
        }

        var first = runs.First(r => OutboxParam.TryParse(r.Scenario.Param) is not null).Result.Config;
        markdown.AppendLine(string.Create(
            Invariant,
            $"The grain engine with `Stock:Grain:WriteEvents` on (its outbox rows written in the same statement as the ledger append, the default) and off, the service restarted with the setting before each round, rounds alternating off/on. Closed model, {first.Users} users, {first.DurationSeconds:0.#} s after {first.WarmupSeconds:0.#} s of warm-up: the throughput is what the engine sustains. `hot`: one SKU (a group commit shares one append among a batch); `spread`: many SKUs (about one append per reservation, the outbox's largest share). Medians over the rounds; on/off below 1 is the outbox's cost, given also per round (the on and off run of one round ran a minute apart, so the machine's drift between rounds stays out of it). CPU per reservation is not measured."))
            .AppendLine();
        var summary = new MarkdownTable("workload", "SKUs", "rounds on / off", "2xx/s on", "2xx/s off", "on/off", "on/off per round", "p50 on / off", "p99 on / off");
        foreach (var comparison in comparisons)
        {
            summary.Row(
                comparison.Workload,
                Formats.Count((comparison.On.FirstOrDefault() ?? comparison.Off[0]).Config.Skus),
                string.Create(Invariant, $"{comparison.On.Count} / {comparison.Off.Count}"),
                Formats.Rate(comparison.OnPerSecond),
                Formats.Rate(comparison.OffPerSecond),
                comparison.Ratio is { } ratio ? ratio.ToString("0.00", Invariant) : "-",
                comparison.RoundRatios.Count == 0 ? "-" : string.Join(", ", comparison.RoundRatios.Select(r => r.ToString("0.00", Invariant))),
                $"{Formats.Ms(comparison.OnP50Ms)} / {Formats.Ms(comparison.OffP50Ms)}",
                $"{Formats.Ms(comparison.OnP99Ms)} / {Formats.Ms(comparison.OffP99Ms)}");
        }

        summary.WriteTo(markdown);

        markdown.AppendLine("Every run, in the order they ran:").AppendLine();
        var each = new MarkdownTable("run", "WriteEvents", "2xx/s", "p50", "p99", "errors", "audit", "load avg");
        foreach (var entry in runs.Where(r => OutboxParam.TryParse(r.Scenario.Param) is not null).OrderBy(r => r.Result.StartedAt))
        {
            var param = OutboxParam.TryParse(entry.Scenario.Param)!.Value;
            var run = entry.Result;
            each.Row(
                entry.Scenario.Param!,
                param.WriteEvents ? "on" : "off",
                Formats.Rate(run.Throughput.ReservedPerSecond),
                Formats.Ms(run.Reserve?.P50Ms),
                Formats.Ms(run.Reserve?.P99Ms),
                Formats.Errors(run),
                Formats.Audit(run.AuditPassed),
                Formats.Load(entry.Host?.Load1));
        }

        each.WriteTo(markdown);
    }

    private static void WriteLag(List<RunEntry> runs, StringBuilder markdown)
    {
        if (runs.Count == 0)
        {
            return;
        }

        var intervals = runs.Select(r => r.Result.Delivery).OfType<DeliverySummary>().FirstOrDefault();
        markdown.AppendLine(string.Create(
            Invariant,
            $"Delivery lag: a webhook for `reservation.created` with a receiver inside the load generator (answering 204 at once); lag = receipt minus the event's `occurredAt`, over every event of the run's products. The service's `Stock:Events:StampInterval` {Interval(intervals?.StampIntervalMs)} and `Stock:Webhooks:PollInterval` {Interval(intervals?.PollIntervalMs)} bound it from below; one webhook's events go out a batch at a time, concurrently across SKUs and one after another within a SKU, so once the reservations outpace the dispatcher the lag is the backlog's wait, and \"delivered/s\" is the dispatcher's pace. Audit: every acknowledged reservation's event arrived, for its SKU, none unacknowledged beyond the reserves of unknown outcome, every signature valid."))
            .AppendLine();
        var table = new MarkdownTable("target", "offered/s", "SKUs", "seconds", "reservations", "events", "lag p50", "p99", "max", "delivered/s", "last after load (s)", "copies", "audit");
        foreach (var entry in runs.OrderBy(r => r.Result.StartedAt))
        {
            var run = entry.Result;
            var delivery = run.Delivery;
            table.Row(
                entry.Scenario.Target,
                Formats.Rate(run.Config.Rate),
                Formats.Count(run.Config.Skus),
                run.Config.DurationSeconds.ToString("0.#", Invariant),
                delivery is null ? "-" : Formats.Count(delivery.Audit.Acknowledged),
                delivery is null ? "-" : Formats.Count(delivery.EventsReceived),
                Formats.Ms(delivery?.Lag?.P50Ms),
                Formats.Ms(delivery?.Lag?.P99Ms),
                Formats.Ms(delivery?.Lag?.MaxMs),
                Formats.Rate(delivery?.DeliveredPerSecond),
                delivery is null ? "-" : delivery.WaitedSeconds.ToString("0.0", Invariant),
                delivery is null ? "-" : Formats.Count(delivery.Audit.Duplicates),
                delivery is null ? "no webhook" : Formats.Audit(run.AuditPassed));
        }

        table.WriteTo(markdown);
    }

    private static string Interval(double? ms) => ms is { } value ? value.ToString("0.#", Invariant) + " ms" : "(not recorded)";
}
