using System.Text.Json.Serialization;
using Orleans.Stock.Bench.Audit;

namespace Orleans.Stock.Bench.Results;

/// <summary>
/// A run with a webhook receiver (<c>--webhook-port</c>): how late the run's <c>reservation.created</c> events
/// arrived and whether exactly the acknowledged reservations did.
/// </summary>
/// <param name="StampIntervalMs">The server's <c>Stock:Events:StampInterval</c> as the run was told it (the API does not
/// show it), null when not told: with the dispatcher's <paramref name="PollIntervalMs"/> it bounds the lag from below.</param>
/// <param name="Lag">Receipt time minus the event's <c>occurredAt</c>, over every event of the run's products.</param>
/// <param name="EventsReceived">Deliveries of the run's products' events, copies included.</param>
/// <param name="ForeignEvents">Deliveries about other products (another client's traffic), not audited.</param>
/// <param name="Unreadable">Deliveries whose body was no readable event.</param>
/// <param name="WaitedSeconds">From the end of the load to the last acknowledged reservation's event (or the give-up).</param>
/// <param name="AllArrived">Whether every acknowledged reservation's event arrived within the wait.</param>
/// <param name="DeliveredPerSecond">Distinct events from the first delivery to the last, per second: the dispatcher's pace.</param>
public sealed record DeliverySummary(
    string EventType,
    string ReceiverUrl,
    double? StampIntervalMs,
    double? PollIntervalMs,
    LatencySummary? Lag,
    long EventsReceived,
    long ForeignEvents,
    long Unreadable,
    double WaitedSeconds,
    bool AllArrived,
    double? DeliveredPerSecond,
    bool WebhookDeleted,
    DeliveryAuditResult Audit)
{
    [JsonIgnore]
    public bool Passed => Audit.Passed && Unreadable == 0;
}
