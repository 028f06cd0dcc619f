using Orleans.Stock.Abstractions;
using Orleans.Stock.Tests.Events;
using Orleans.Stock.Tests.Infrastructure;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Tests.Webhooks;

/// <summary>
/// One webhook's SKUs are delivered concurrently: a slow or failing SKU holds back only itself, each SKU
/// stays in version order, and the cursor never passes an event that has not had its 2xx.
/// </summary>
public sealed class WebhookConcurrentDeliveryTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_slow_sku_holds_back_neither_the_others_nor_its_own_order_and_the_cursor_waits_for_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // The slow answer stays within the delivery timeout: it is slow, not failed.
        await using var host = await EventsHost.StartAsync(new Dictionary<string, string?> { ["Stock:Webhooks:DeliveryTimeout"] = "00:00:40" });
        var store = host.Get<WebhookStore>();
        var (webhook, _) = await store.CreateAsync(receiver.Url(), ["stock.*"], CancellationToken.None);
        try
        {
            var slow = TestEnvironment.NewSku("WHSLOW");
            var others = Enumerable.Range(0, 6).Select(_ => TestEnvironment.NewSku("WHFAST")).ToArray();
            var othersDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var slowHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            receiver.Answer = async delivery =>
            {
                if (delivery.Sku == slow && delivery.Version == 1)
                {
                    // Answered only once every other SKU's events arrived: one event at a time would never get there.
                    slowHeld.TrySetResult();
                    await othersDone.Task.WaitAsync(Within);
                }
                else if (others.Contains(delivery.Sku) && delivery.Version % 3 == 0)
                {
                    await Task.Delay(5);
                }

                return 200;
            };

            // One commit, so one batch: a batch is done before the next is read (docs/api.md).
            await OutboxRows.Shared.InsertAsync([.. Enumerable.Range(1, 10).SelectMany(version =>
                others.Prepend(slow).Select(sku => OutboxRows.Event(sku, version, StockEventTypes.StockRestocked)))]);

            await slowHeld.Task.WaitAsync(Within);
            List<WebhookReceiver.Delivery> Others() => [.. receiver.Deliveries.Where(d => others.Contains(d.Sku))];
            await Eventually.TrueAsync(() => Others().Count >= 60, Within, () => $"{Others().Count} of the other SKUs' 60 events arrived while one SKU was slow");
            Assert.DoesNotContain(receiver.Deliveries, d => d.Sku == slow);

            // The cursor stays below the slow SKU's first event, every other SKU's events delivered or not.
            var slowFirst = await OutboxRows.Shared.ScalarAsync<long>("select position from stock_events where sku = $1 and version = 1", slow);
            var state = (await store.ListAsync(CancellationToken.None)).Single(s => s.Webhook.Id == webhook.Id);
            Assert.True(state.Cursor < slowFirst, $"cursor {state.Cursor} passed the undelivered event at {slowFirst}");
            Assert.True(state.Pending >= 10, $"{state.Pending} pending while the slow SKU's 10 events are undelivered");
            othersDone.SetResult();

            await Eventually.TrueAsync(() => receiver.Deliveries.Count(d => d.Sku == slow) >= 10, Within, () => "the slow SKU's events did not follow");
            await Eventually.TrueAsync(
                async () => (await store.ListAsync(CancellationToken.None)).Single(s => s.Webhook.Id == webhook.Id) is { Pending: 0, FailingSince: null },
                Within, () => "the cursor did not reach the end");
            foreach (var sku in others.Append(slow))
            {
                Assert.Equal(Enumerable.Range(1, 10).Select(v => (long)v), receiver.Deliveries.Where(d => d.Sku == sku).Select(d => d.Version));
            }
        }
        finally
        {
            await store.DeleteAsync(webhook.Id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_sku_whose_event_fails_is_retried_in_order_while_the_others_are_delivered_and_the_cursor_does_not_pass_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await EventsHost.StartAsync();
        var store = host.Get<WebhookStore>();
        var (webhook, _) = await store.CreateAsync(receiver.Url(), ["stock.*"], CancellationToken.None);
        try
        {
            var failing = TestEnvironment.NewSku("WHFAIL");
            var others = Enumerable.Range(0, 4).Select(_ => TestEnvironment.NewSku("WHOK")).ToArray();
            var recovered = false;
            var refused = 0;
            receiver.Answer = delivery =>
            {
                if (delivery.Sku == failing && delivery.Version == 3 && !Volatile.Read(ref recovered))
                {
                    Interlocked.Increment(ref refused);
                    return Task.FromResult(503);
                }

                return Task.FromResult(200);
            };

            await OutboxRows.Shared.InsertAsync([.. Enumerable.Range(1, 8).SelectMany(version =>
                others.Prepend(failing).Select(sku => OutboxRows.Event(sku, version, StockEventTypes.StockAdjusted)))]);

            List<WebhookReceiver.Delivery> Others() => [.. receiver.Deliveries.Where(d => others.Contains(d.Sku))];
            await Eventually.TrueAsync(() => Others().Count >= 32, Within, () => $"{Others().Count} of the other SKUs' 32 events arrived while one SKU failed");
            await Eventually.TrueAsync(
                async () => (await store.ListAsync(CancellationToken.None)).Single(s => s.Webhook.Id == webhook.Id) is { FailingSince: not null, Attempts: >= 2, LastError: "HTTP 503" },
                Within, () => "the failing state was not recorded");

            // Nothing of the failing SKU after the refused event went out, and the cursor is below it.
            Assert.Equal([1, 2], receiver.Deliveries.Where(d => d.Sku == failing).Select(d => d.Version));
            var refusedAt = await OutboxRows.Shared.ScalarAsync<long>("select position from stock_events where sku = $1 and version = 3", failing);
            var state = (await store.ListAsync(CancellationToken.None)).Single(s => s.Webhook.Id == webhook.Id);
            Assert.True(state.Cursor < refusedAt, $"cursor {state.Cursor} passed the refused event at {refusedAt}");
            Assert.True(state.Pending >= 6, $"{state.Pending} pending while 6 of the failing SKU's events are undelivered");
            Volatile.Write(ref recovered, true);

            await Eventually.TrueAsync(() => receiver.Deliveries.Count(d => d.Sku == failing) >= 8, Within, () => "the failing SKU's events did not follow its recovery");
            await Eventually.TrueAsync(
                async () => (await store.ListAsync(CancellationToken.None)).Single(s => s.Webhook.Id == webhook.Id) is { Pending: 0, FailingSince: null, Attempts: 0, LastDeliveredAt: not null },
                Within, () => "the failing state was not cleared");
            Assert.True(Volatile.Read(ref refused) >= 2);
            foreach (var sku in others.Append(failing))
            {
                Assert.Equal(Enumerable.Range(1, 8).Select(v => (long)v), receiver.Deliveries.Where(d => d.Sku == sku).Select(d => d.Version));
            }
        }
        finally
        {
            await store.DeleteAsync(webhook.Id, CancellationToken.None);
        }
    }
}
