using Orleans.Stock.Abstractions;
using Orleans.Stock.Dashboard;
using Orleans.Stock.Events.Feed;
using Orleans.Stock.Tests.Events;
using Orleans.Stock.Tests.Infrastructure;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Tests.Webhooks;

/// <summary>
/// The dashboard's events panel: a failing webhook's health, and the last threshold events. On a database of
/// its own: the webhook takes every <c>stock.*</c> event, and other tests' events would swell its backlog.
/// </summary>
public sealed class WebhookHealthPanelTests
{
    [Fact]
    public async Task The_panel_shows_a_failing_webhook_s_backlog_and_the_last_threshold_events()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => Task.FromResult(500);
        await using var database = await PrivateDatabase.CreateAsync("panel");
        var rows = new OutboxRows(database.ConnectionString);
        await using var host = await EventsHost.StartAsync(connectionString: database.ConnectionString);
        var store = host.Get<WebhookStore>();
        var panel = new EventsPanelReader(store, host.Get<EventFeedReader>(), TimeProvider.System);
        var (webhook, _) = await store.CreateAsync(receiver.Url(), ["stock.*"], CancellationToken.None);
        try
        {
            var sku = TestEnvironment.NewSku("PANEL");
            await rows.InsertAsync(OutboxRows.Event(sku, 1, StockEventTypes.StockRestocked));
            await rows.InsertAsync(
                OutboxRows.Event(sku, 2, StockEventTypes.StockAdjusted),
                OutboxRows.Event(sku, 2, StockEventTypes.StockLow));
            await rows.WaitStampedAsync(sku);

            await Eventually.TrueAsync(
                async () => (await panel.ReadAsync(CancellationToken.None)).Webhooks.Single(w => w.Id == webhook.Id) is { FailingSince: not null, Pending: 3, Attempts: > 0 },
                TimeSpan.FromSeconds(30), () => "the panel does not show the failing webhook");
            var view = await panel.ReadAsync(CancellationToken.None);
            var health = view.Webhooks.Single(w => w.Id == webhook.Id);
            Assert.Equal(receiver.Url(), health.Url);
            Assert.True(health.OldestPendingAgeSeconds >= 0);
            Assert.Equal("HTTP 500", health.LastError);
            Assert.Null(health.LastDeliveredAt);
            var low = Assert.Single(view.ThresholdEvents, e => e.Sku == sku);
            Assert.Equal(StockEventTypes.StockLow, low.Type);
            Assert.Equal(2, low.Version);
            Assert.True(view.ThresholdEvents.Count <= EventsPanelReader.ThresholdEventCount);
        }
        finally
        {
            await store.DeleteAsync(webhook.Id, CancellationToken.None);
        }
    }
}
