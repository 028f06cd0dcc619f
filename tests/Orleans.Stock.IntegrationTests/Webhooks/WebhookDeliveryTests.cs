using System.Globalization;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Tests.Events;
using Orleans.Stock.Tests.Infrastructure;
using Orleans.Stock.Webhooks.Delivery;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Tests.Webhooks;

/// <summary>Delivery to real receivers: signatures, order per SKU, outages, two instances, a stopped and a dead one.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    /// <summary>How long the failing receiver fails (the issue asks for a minute); STOCK_TEST_WEBHOOK_OUTAGE_SECONDS shortens it.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("STOCK_TEST_WEBHOOK_OUTAGE_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 60);

    [Fact]
    public async Task Deliveries_are_signed_filtered_by_type_and_in_version_order_per_sku()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await EventsHost.StartAsync();
        var store = host.Get<WebhookStore>();
        var (webhook, secret) = await store.CreateAsync(receiver.Url(), ["reservation.*", StockEventTypes.StockLow], CancellationToken.None);
        try
        {
            var skus = Enumerable.Range(0, 3).Select(_ => TestEnvironment.NewSku("WH")).ToArray();
            for (var version = 1; version <= 11; version++)
            {
                foreach (var sku in skus)
                {
                    await OutboxRows.Shared.InsertAsync(version switch
                    {
                        1 => [OutboxRows.Event(sku, 1, StockEventTypes.ProductCreated)],
                        6 => [OutboxRows.Event(sku, 6, StockEventTypes.ReservationCreated), OutboxRows.Event(sku, 6, StockEventTypes.StockLow)],
                        _ => [OutboxRows.Event(sku, version, StockEventTypes.ReservationCreated)],
                    });
                }
            }

            List<WebhookReceiver.Delivery> Mine() => [.. receiver.Deliveries.Where(d => skus.Contains(d.Sku))];
            await Eventually.TrueAsync(() => Mine().Count >= 33, Within, () => $"{Mine().Count} of 33 delivered");
            await Eventually.TrueAsync(
                async () => (await store.ListAsync(CancellationToken.None)).Single(s => s.Webhook.Id == webhook.Id) is { Pending: 0, LastDeliveredAt: not null, FailingSince: null },
                Within, () => "the webhook's state does not show the deliveries");

            var mine = Mine();
            Assert.Equal(33, mine.Count);
            Assert.All(mine, d => Assert.True(d.IsSignedWith(secret), $"{d.Id}: bad signature"));
            Assert.All(mine, d => Assert.Equal(d.Id, d.Event.GetProperty("id").GetString()));
            Assert.All(mine, d => Assert.InRange(long.Parse(d.Timestamp, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            Assert.DoesNotContain(mine, d => d.Type == StockEventTypes.ProductCreated);
            Assert.False(mine[0].IsSignedWith(WebhookSecret.New()));
            foreach (var sku in skus)
            {
                var versions = mine.Where(d => d.Sku == sku).Select(d => d.Version).ToList();
                Assert.Equal([2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11], versions);
            }
        }
        finally
        {
            await store.DeleteAsync(webhook.Id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_receiver_that_fails_for_a_while_then_recovers_gets_every_event_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await EventsHost.StartAsync();
        var store = host.Get<WebhookStore>();
        var (webhook, _) = await store.CreateAsync(receiver.Url(), ["stock.*"], CancellationToken.None);
        try
        {
            var recoversAt = DateTime.UtcNow + Outage;
            receiver.Answer = _ => Task.FromResult(DateTime.UtcNow < recoversAt ? 503 : 200);
            var sku = TestEnvironment.NewSku("WHOUT");
            for (var version = 1; version <= 5; version++)
            {
                await OutboxRows.Shared.InsertAsync(OutboxRows.Event(sku, version, StockEventTypes.StockRestocked));
            }

            // The failing state is recorded, so a restart or another instance would continue from it.
            await Eventually.TrueAsync(
                async () => (await store.ListAsync(CancellationToken.None)).Single(s => s.Webhook.Id == webhook.Id) is { FailingSince: not null, Attempts: >= 2, LastError: "HTTP 503", Pending: 5 },
                Within, () => "the failing state was not recorded");
            for (var version = 6; version <= 10; version++)
            {
                await OutboxRows.Shared.InsertAsync(OutboxRows.Event(sku, version, StockEventTypes.StockRestocked));
            }

            Assert.DoesNotContain(receiver.Deliveries, d => d.Sku == sku);
            await Eventually.TrueAsync(() => receiver.Deliveries.Count(d => d.Sku == sku) >= 10, Outage + Within, () => "not every event arrived after the receiver recovered");
            Assert.True(DateTime.UtcNow >= recoversAt);
            Assert.Equal(Enumerable.Range(1, 10).Select(v => (long)v), receiver.Deliveries.Where(d => d.Sku == sku).Select(d => d.Version));
            await Eventually.TrueAsync(
                async () => (await store.ListAsync(CancellationToken.None)).Single(s => s.Webhook.Id == webhook.Id) is { FailingSince: null, Attempts: 0, Pending: 0 },
                Within, () => "the failing state was not cleared");
        }
        finally
        {
            await store.DeleteAsync(webhook.Id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Two_instances_deliver_each_event_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?> { ["Stock:Webhooks:MaxConcurrentWebhooks"] = "2" };
        await using var first = await EventsHost.StartAsync(settings);
        await using var second = await EventsHost.StartAsync(settings);
        var store = first.Get<WebhookStore>();
        string[] paths = ["a", "b", "c", "d"];
        var webhooks = new List<Webhook>();
        foreach (var path in paths)
        {
            webhooks.Add((await store.CreateAsync(receiver.Url(path), ["stock.*"], CancellationToken.None)).Webhook);
        }

        try
        {
            var skus = Enumerable.Range(0, 4).Select(_ => TestEnvironment.NewSku("WH2")).ToArray();
            for (var version = 1; version <= 25; version++)
            {
                await Task.WhenAll(skus.Select(sku => OutboxRows.Shared.InsertAsync(OutboxRows.Event(sku, version, StockEventTypes.StockRestocked))));
            }

            List<WebhookReceiver.Delivery> Mine(string path) => [.. receiver.Deliveries.Where(d => d.Path == path && skus.Contains(d.Sku))];
            await Eventually.TrueAsync(() => paths.All(p => Mine(p).Count >= 100), Within, () => string.Join(", ", paths.Select(p => $"{p}: {Mine(p).Count}")));
            await Eventually.TrueAsync(
                async () => (await store.ListAsync(CancellationToken.None)).Where(s => webhooks.Any(w => w.Id == s.Webhook.Id)).All(s => s.Pending == 0),
                Within, () => "events still pending");
            foreach (var path in paths)
            {
                var mine = Mine(path);
                Assert.Equal(100, mine.Count);
                Assert.Equal(100, mine.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
                foreach (var sku in skus)
                {
                    Assert.Equal(Enumerable.Range(1, 25).Select(v => (long)v), mine.Where(d => d.Sku == sku).Select(d => d.Version));
                }
            }
        }
        finally
        {
            foreach (var webhook in webhooks)
            {
                await store.DeleteAsync(webhook.Id, CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task When_the_delivering_instance_stops_mid_stream_the_other_continues_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = async _ =>
        {
            await Task.Delay(15);
            return 200;
        };
        var first = await EventsHost.StartAsync();
        var second = await EventsHost.StartAsync();
        var hosts = new[] { first, second };
        var store = first.Get<WebhookStore>();
        var (webhook, _) = await store.CreateAsync(receiver.Url(), ["reservation.*"], CancellationToken.None);
        try
        {
            var skus = Enumerable.Range(0, 2).Select(_ => TestEnvironment.NewSku("WHSTOP")).ToArray();
            for (var version = 1; version <= 60; version++)
            {
                await Task.WhenAll(skus.Select(sku => OutboxRows.Shared.InsertAsync(OutboxRows.Event(sku, version, StockEventTypes.ReservationConfirmed))));
            }

            List<WebhookReceiver.Delivery> Mine() => [.. receiver.Deliveries.Where(d => skus.Contains(d.Sku))];
            await Eventually.TrueAsync(() => Mine().Count >= 30, Within, () => $"only {Mine().Count} delivered");
            var owner = await OutboxRows.Shared.ScalarAsync<string>("select coalesce(lease_owner, '') from stock_webhooks where id = $1", webhook.Id);
            var holder = hosts.Single(h => owner.StartsWith(h.Get<WebhookInstance>().Id + "/", StringComparison.Ordinal));
            var other = hosts.Single(h => h != holder);
            await holder.StopAsync();
            var atStop = Mine().Count;
            Assert.True(atStop < 120, "everything was delivered before the stop");

            await Eventually.TrueAsync(() => Mine().Select(d => d.Id).Distinct(StringComparer.Ordinal).Count() >= 120, Within, () => $"{Mine().Select(d => d.Id).Distinct(StringComparer.Ordinal).Count()} of 120 delivered after the stop");
            var mine = Mine();
            // At least once: what was in flight at the stop may come again, and what the other SKU delivered
            // above it (the stored cursor cannot pass an undelivered event); the two SKUs go at one pace, so
            // a few events, each SKU's replayed in order from one point.
            Assert.InRange(mine.Count - 120, 0, 10);
            foreach (var sku in skus)
            {
                var versions = mine.Where(d => d.Sku == sku).Select(d => d.Version).ToList();
                Assert.Equal(Enumerable.Range(1, 60).Select(v => (long)v), versions.Distinct());
                Assert.True(versions.Zip(versions.Skip(1)).Count(pair => pair.Second <= pair.First) <= 1, $"{sku}: {string.Join(",", versions)} is not one replay");
            }

            var nowOwner = await OutboxRows.Shared.ScalarAsync<string>("select coalesce(lease_owner, '') from stock_webhooks where id = $1", webhook.Id);
            Assert.False(nowOwner.StartsWith(holder.Get<WebhookInstance>().Id, StringComparison.Ordinal));
            Assert.NotNull(other);
        }
        finally
        {
            await store.DeleteAsync(webhook.Id, CancellationToken.None);
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_dead_instance_s_webhook_is_taken_over_once_its_lease_runs_out()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await EventsHost.StartAsync();
        var store = host.Get<WebhookStore>();
        var (webhook, _) = await store.CreateAsync(receiver.Url(), ["stock.*"], CancellationToken.None);
        try
        {
            // As an instance that claimed the webhook and died would leave it.
            var leaseUntil = await OutboxRows.Shared.ScalarAsync<DateTime>(
                "update stock_webhooks set lease_owner = 'dead-instance/1', lease_until = now() + interval '3 seconds' where id = $1 returning lease_until", webhook.Id);
            var sku = TestEnvironment.NewSku("WHDEAD");
            for (var version = 1; version <= 3; version++)
            {
                await OutboxRows.Shared.InsertAsync(OutboxRows.Event(sku, version, StockEventTypes.StockAdjusted));
            }

            await Eventually.TrueAsync(() => receiver.Deliveries.Count(d => d.Sku == sku) >= 3, Within, () => "the dead instance's webhook was not taken over");
            var mine = receiver.Deliveries.Where(d => d.Sku == sku).ToList();
            Assert.Equal([1, 2, 3], mine.Select(d => d.Version));
            Assert.True(mine[0].ReceivedAt >= leaseUntil.ToUniversalTime().AddMilliseconds(-100), $"delivered at {mine[0].ReceivedAt:O}, before the lease ran out at {leaseUntil.ToUniversalTime():O}");
        }
        finally
        {
            await store.DeleteAsync(webhook.Id, CancellationToken.None);
        }
    }
}
