using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines.Grain;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Grains;

/// <summary>
/// The grain engine's read side on the real ledger: a product's life as history items (read by the engine
/// straight from PostgreSQL) and as outbox rows (written in the same statement as the ledger rows).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainHistoryAndEventsTests(ClusterFixture fixture)
{
    private const string Admin = "key-admin";
    private const string Shop = "key-shop";
    private const string Erp = "key-erp";

    private IStockGrain Grain(string sku) => fixture.Cluster.Client.GetGrain<IStockGrain>(sku);

    private static ReserveRequest Request(int quantity, int ttlSeconds = 900, string userId = "user-1") => new(quantity, userId, ttlSeconds, null, Owner: Shop);

    private static StockAdjustment Delta(long delta, string reason = "damaged") => new(AdjustmentMode.Delta, delta, reason, null, Erp, null);

    private static StockAdjustment Set(long onHand, string reason = "cycle count") => new(AdjustmentMode.Set, onHand, reason, null, Erp, null);

    [Fact]
    public async Task A_product_life_is_its_history_and_exactly_its_events_each_threshold_once_per_crossing()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await using var rows = new GrainOutboxRows();
        var history = new GrainLedgerHistory(rows.DataSource);

        Assert.True((await grain.CreateAsync("Lamp", 10, lowStockThreshold: 3, actor: Admin)).IsSuccess);
        var toLow = (await grain.ReserveAsync(Request(7))).Value!;
        var toOut = (await grain.ReserveAsync(Request(3, userId: "user-2"))).Value!;
        Assert.True((await grain.CancelAsync(toOut.ReservationId, Shop, Shop)).IsSuccess);
        Assert.True((await grain.ConfirmAsync(toLow.ReservationId, Shop, Shop)).IsSuccess);
        Assert.True((await grain.RestockAsync(5, Admin)).IsSuccess);
        Assert.True((await grain.AdjustAsync(Delta(-2))).IsSuccess);
        Assert.Equal(2, (await grain.AdjustAsync(Set(2))).Value!.OnHand);
        var expiring = (await grain.ReserveAsync(Request(1, ttlSeconds: 1))).Value!;
        var page = await WaitForHistoryAsync(history, sku, items => items.Count == 10);

        Assert.Null(page.Next);
        Assert.Equal(Enumerable.Range(1, 10).Select(v => (long)v), page.Items.Select(i => i.Version));
        Assert.Equal(
            [
                (HistoryKinds.Created, 10L, Admin), (HistoryKinds.Reserved, 7L, Shop), (HistoryKinds.Reserved, 3L, Shop),
                (HistoryKinds.Cancelled, 3L, Shop), (HistoryKinds.Confirmed, 7L, Shop), (HistoryKinds.Restocked, 5L, Admin),
                (HistoryKinds.Adjusted, -2L, Erp), (HistoryKinds.Adjusted, -4L, Erp), (HistoryKinds.Reserved, 1L, Shop),
                (HistoryKinds.Expired, 1L, (string?)null),
            ],
            page.Items.Select(i => (i.Kind, i.Quantity, i.Actor)));
        Assert.Equal(["damaged", "cycle count"], page.Items.Where(i => i.Kind == HistoryKinds.Adjusted).Select(i => i.Reason));
        Assert.Equal([toLow.ReservationId, toOut.ReservationId, toOut.ReservationId, toLow.ReservationId], page.Items.Skip(1).Take(4).Select(i => i.ReservationId));
        Assert.Equal(["user-1", "user-2", "user-2", "user-1"], page.Items.Skip(1).Take(4).Select(i => i.UserId));
        Assert.Equal(expiring.ReservationId, page.Items[9].ReservationId);

        var product = (await grain.GetAsync()).Value!;
        Assert.Equal(Replay(page.Items), (product.InitialStock, product.Available, product.Reserved, product.Sold, product.Restocked, product.Adjusted, product.Version));
        Assert.Equal(product.InitialStock + product.Restocked + product.Adjusted, product.OnHand + product.Sold);
        Assert.Equal(3, product.LowStockThreshold);

        // available: 10, 3 (low), 0 (out), 3 (back in stock), 3, 8, 6, 2 (low again), 1, 2.
        var events = await rows.EventsAsync(sku);
        Assert.Equal(
            [
                (1L, StockEventTypes.ProductCreated),
                (2L, StockEventTypes.ReservationCreated), (2L, StockEventTypes.StockLow),
                (3L, StockEventTypes.ReservationCreated), (3L, StockEventTypes.StockOut),
                (4L, StockEventTypes.ReservationCancelled), (4L, StockEventTypes.StockBackInStock),
                (5L, StockEventTypes.ReservationConfirmed),
                (6L, StockEventTypes.StockRestocked),
                (7L, StockEventTypes.StockAdjusted),
                (8L, StockEventTypes.StockAdjusted), (8L, StockEventTypes.StockLow),
                (9L, StockEventTypes.ReservationCreated),
                (10L, StockEventTypes.ReservationExpired),
            ],
            events.Select(e => (e.Version, e.Type)));
        // Each event's data is its history item plus the counters after it.
        foreach (var (version, _, data) in events)
        {
            var item = page.Items[(int)version - 1];
            Assert.Equal(item.Kind, data.GetProperty("kind").GetString());
            Assert.Equal(item.Quantity, data.GetProperty("quantity").GetInt64());
            Assert.Equal(item.Actor, data.GetProperty("actor").GetString());
            Assert.Equal(item.ReservationId, data.GetProperty("reservationId").GetString());
        }

        Assert.Equal(2, events[^1].Data.GetProperty("available").GetInt64());
        Assert.Equal(7, events[^1].Data.GetProperty("sold").GetInt64());
    }

    [Fact]
    public async Task History_pages_follow_versions_and_an_unknown_product_has_none()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await using var rows = new GrainOutboxRows();
        var history = new GrainLedgerHistory(rows.DataSource);
        await grain.CreateAsync("Paged", 0, actor: Admin);
        for (var i = 0; i < 4; i++)
        {
            await grain.RestockAsync(1, Admin);
        }

        var first = (await history.ReadAsync(sku, 0, 2, default)).Value!;
        var second = (await history.ReadAsync(sku, first.Next!.Value, 2, default)).Value!;
        var last = (await history.ReadAsync(sku, second.Next!.Value, 2, default)).Value!;
        var beyond = await history.ReadAsync(sku, 99, 2, default);

        Assert.Equal([1L, 2L], first.Items.Select(i => i.Version));
        Assert.Equal(2, first.Next);
        Assert.Equal([3L, 4L], second.Items.Select(i => i.Version));
        Assert.Equal([5L], last.Items.Select(i => i.Version));
        Assert.Null(last.Next);
        Assert.True(beyond.IsSuccess);
        Assert.Empty(beyond.Value!.Items);
        Assert.Equal(StockError.ProductNotFound, (await history.ReadAsync(TestEnvironment.NewSku(), 0, 10, default)).Error);
    }

    [Fact]
    public async Task One_group_commit_of_many_commands_writes_its_events_in_version_order()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await using var rows = new GrainOutboxRows();
        await grain.CreateAsync("Hot", 100, lowStockThreshold: 10);

        var replies = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => grain.ReserveAsync(Request(1, userId: $"u-{i}"))));

        Assert.All(replies, r => Assert.True(r.IsSuccess));
        // Fewer transactions than rows: commands did share group commits.
        Assert.True(await rows.LedgerTransactionsAsync(sku) < 101);
        var events = await rows.EventsAsync(sku);
        Assert.Equal(events.Select(e => e.Version).Order(), events.Select(e => e.Version));
        Assert.Equal(Enumerable.Range(2, 100).Select(v => (long)v), events.Where(e => e.Type == StockEventTypes.ReservationCreated).Select(e => e.Version));
        // The crossings at the versions that made them, each right after its change's own row.
        var low = events.FindIndex(e => e.Type == StockEventTypes.StockLow);
        Assert.Equal((91L, StockEventTypes.ReservationCreated), (events[low - 1].Version, events[low - 1].Type));
        Assert.Equal(91L, events[low].Version);
        Assert.Equal((101L, StockEventTypes.StockOut), (events[^1].Version, events[^1].Type));
        Assert.Equal(103, events.Count);
    }

    private static async Task<HistoryPage> WaitForHistoryAsync(GrainLedgerHistory history, string sku, Func<IReadOnlyList<HistoryItem>, bool> done)
    {
        // The expiry is the service's own (the grain's timer): poll with a deadline rather than sleep.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = (await history.ReadAsync(sku, 0, 100, default)).Value!;
            if (done(page.Items) || DateTime.UtcNow > deadline)
            {
                return page;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The counters a replay of the history from version 1 gives, folded here independently of the grain.</summary>
    private static (long Initial, long Available, long Reserved, long Sold, long Restocked, long Adjusted, long Version) Replay(IEnumerable<HistoryItem> items)
    {
        var c = (Initial: 0L, Available: 0L, Reserved: 0L, Sold: 0L, Restocked: 0L, Adjusted: 0L, Version: 0L);
        foreach (var i in items)
        {
            switch (i.Kind)
            {
                case HistoryKinds.Created: c = (i.Quantity, i.Quantity, 0, 0, 0, 0, c.Version); break;
                case HistoryKinds.Restocked: c.Available += i.Quantity; c.Restocked += i.Quantity; break;
                case HistoryKinds.Adjusted: c.Available += i.Quantity; c.Adjusted += i.Quantity; break;
                case HistoryKinds.Reserved: c.Available -= i.Quantity; c.Reserved += i.Quantity; break;
                case HistoryKinds.Confirmed: c.Reserved -= i.Quantity; c.Sold += i.Quantity; break;
                case HistoryKinds.Cancelled or HistoryKinds.Expired: c.Reserved -= i.Quantity; c.Available += i.Quantity; break;
                default: Assert.Fail($"unknown kind {i.Kind}"); break;
            }

            c.Version = i.Version;
        }

        return c;
    }
}
