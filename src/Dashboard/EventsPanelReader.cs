using System.Text.Json;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Dashboard.Snapshot;
using Orleans.Stock.Events.Feed;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// Reads the events panel from PostgreSQL: every webhook's delivery state and the last threshold events.
/// Only while someone watches (it costs a query per webhook and one on the feed).
/// </summary>
public sealed class EventsPanelReader(WebhookStore webhooks, EventFeedReader feed, TimeProvider time)
{
    public const int ThresholdEventCount = 10;

    private static readonly IReadOnlyList<string> ThresholdTypes = [StockEventTypes.StockLow, StockEventTypes.StockOut, StockEventTypes.StockBackInStock];

    public async Task<EventsView> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var states = await webhooks.ListAsync(cancellationToken);
        var latest = await feed.ReadLatestAsync(ThresholdTypes, ThresholdEventCount, cancellationToken);
        return new EventsView(
            [.. states.Select(s => new WebhookHealthView(
                s.Webhook.Id, s.Webhook.Url, s.Pending,
                s.OldestPendingAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : null,
                s.FailingSince, s.Attempts, s.LastError, s.LastDeliveredAt, s.Dropped))],
            [.. latest.Select(e => new ThresholdEventView(
                e.Event.Type, e.Event.Sku, e.Event.Version, e.Event.OccurredAt,
                e.Event.Data.ValueKind == JsonValueKind.Object && e.Event.Data.TryGetProperty("available", out var available) && available.TryGetInt64(out var units) ? units : null))]);
    }
}
