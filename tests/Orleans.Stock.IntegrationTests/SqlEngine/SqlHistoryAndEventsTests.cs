using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines;
using Orleans.Stock.Tests.Contract;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.SqlEngine;

/// <summary>
/// Every durable change of an sql product is one version, one history row and its outbox rows, committed
/// together; nothing of a change that rolled back is left behind. Against real PostgreSQL, both strategies.
/// </summary>
public sealed class SqlHistoryAndEventsTests(SqlEngineHarness sql) : IClassFixture<SqlEngineHarness>
{
    private const string Admin = "key-admin";
    private const string Client = "key-client";

    public static TheoryData<string> Strategies => new() { "pessimistic", "optimistic" };

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_product_s_life_is_its_history_and_exactly_its_events(string strategy)
    {
        var engine = sql.Engine;
        var sku = TestEnvironment.NewSku("L");
        Ok(await engine.CreateAsync(sku, new NewProduct("Lamp", 5, LowStockThreshold: 3, Actor: Admin), default));
        var first = Ok(await Reserve(sku, 2, "u1", strategy));                  // v2: 3 left, low
        var second = Ok(await Reserve(sku, 3, "u2", strategy));                 // v3: out
        Ok(await engine.CancelAsync(sku, first.ReservationId, null, Admin, default));   // v4: back in stock (2)
        Ok(await engine.ConfirmAsync(sku, second.ReservationId, null, Admin, default)); // v5: sold 3
        Ok(await engine.RestockAsync(sku, 10, Admin, default));                 // v6: 12
        Ok(await engine.AdjustAsync(sku, new StockAdjustment(AdjustmentMode.Delta, -4, "damaged", null, Admin, null), default)); // v7: 8
        Ok(await engine.AdjustAsync(sku, new StockAdjustment(AdjustmentMode.Set, 6, "cycle count", null, Admin, null), default)); // v8: 6
        Ok(await Reserve(sku, 1, "u3", strategy, ttlSeconds: 1));               // v9: 5
        Ok(await Reserve(sku, 2, "u4", strategy, ttlSeconds: 1));               // v10: 3, low again

        // Both of this row's reservations expire in one sweep: each is its own version.
        Assert.Equal(2, await sql.Expiry.ExpireDueAsync(DateTime.UtcNow.AddSeconds(5), 100, default)); // v11: 4, v12: 6

        var history = Ok(await engine.GetHistoryAsync(sku, 0, 100, default));
        Assert.Null(history.Next);
        Assert.Equal(
            [
                (1L, HistoryKinds.Created, 5L, Admin), (2, HistoryKinds.Reserved, 2, Client), (3, HistoryKinds.Reserved, 3, Client),
                (4, HistoryKinds.Cancelled, 2, Admin), (5, HistoryKinds.Confirmed, 3, Admin), (6, HistoryKinds.Restocked, 10, Admin),
                (7, HistoryKinds.Adjusted, -4, Admin), (8, HistoryKinds.Adjusted, -2, Admin), (9, HistoryKinds.Reserved, 1, Client),
                (10, HistoryKinds.Reserved, 2, Client), (11, HistoryKinds.Expired, 1, null), (12, HistoryKinds.Expired, 2, null),
            ],
            history.Items.Select(i => (i.Version, i.Kind, i.Quantity, i.Actor)).ToList());
        Assert.Equal(["damaged", "cycle count"], history.Items.Where(i => i.Kind == HistoryKinds.Adjusted).Select(i => i.Reason));
        Assert.Equal(first.ReservationId, history.Items[3].ReservationId);
        Assert.Equal("u1", history.Items[3].UserId);

        var product = Ok(await engine.GetAsync(sku, default));
        Assert.Equal((12L, 6L, 0L, 3L, 10L, -6L), (product.Version, product.Available, product.Reserved, product.Sold, product.Restocked, product.Adjusted));
        Assert.Equal(HistoryReplay.Of(product), HistoryReplay.Of(history.Items));

        var events = await sql.EventsAsync(sku);
        Assert.Equal(
            [
                (1L, StockEventTypes.ProductCreated),
                (2, StockEventTypes.ReservationCreated), (2, StockEventTypes.StockLow),
                (3, StockEventTypes.ReservationCreated), (3, StockEventTypes.StockOut),
                (4, StockEventTypes.ReservationCancelled), (4, StockEventTypes.StockBackInStock),
                (5, StockEventTypes.ReservationConfirmed),
                (6, StockEventTypes.StockRestocked),
                (7, StockEventTypes.StockAdjusted),
                (8, StockEventTypes.StockAdjusted),
                (9, StockEventTypes.ReservationCreated),
                (10, StockEventTypes.ReservationCreated), (10, StockEventTypes.StockLow),
                (11, StockEventTypes.ReservationExpired),
                (12, StockEventTypes.ReservationExpired),
            ],
            events.Select(e => (e.Version, e.Type)).ToList());

        // Each event's data is its history item and the counters just after it.
        foreach (var (version, _, data) in events)
        {
            var item = history.Items.Single(i => i.Version == version);
            Assert.Equal(version, data.GetProperty("version").GetInt64());
            Assert.Equal(item.Kind, data.GetProperty("kind").GetString());
            Assert.Equal(item.Quantity, data.GetProperty("quantity").GetInt64());
        }

        var afterExpiry = events[^1].Data;
        Assert.Equal((6L, 0L, 3L, 6L), (afterExpiry.GetProperty("available").GetInt64(), afterExpiry.GetProperty("reserved").GetInt64(),
            afterExpiry.GetProperty("sold").GetInt64(), afterExpiry.GetProperty("onHand").GetInt64()));
        Assert.Equal(5, events.Single(e => e.Type == StockEventTypes.StockOut).Data.GetProperty("reserved").GetInt64());
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task A_refused_reservation_records_nothing(string strategy)
    {
        var sku = TestEnvironment.NewSku("R");
        Ok(await sql.Engine.CreateAsync(sku, new NewProduct("Rug", 2, MaxPerUser: 3, Actor: Admin), default));

        Assert.Equal(StockError.InsufficientStock, (await Reserve(sku, 3, "u1", strategy)).Error);
        Ok(await Reserve(sku, 2, "u1", strategy));
        Assert.Equal(StockError.LimitExceeded, (await Reserve(sku, 2, "u1", strategy)).Error);

        Assert.Equal([1L, 2], (await sql.MovementsAsync(sku)).Select(m => m.Version));
        Assert.Equal([(1L, StockEventTypes.ProductCreated), (2, StockEventTypes.ReservationCreated), (2, StockEventTypes.StockOut)],
            (await sql.EventsAsync(sku)).Select(e => (e.Version, e.Type)));
        Assert.Equal(2, Ok(await sql.Engine.GetAsync(sku, default)).Version);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Concurrent_reservations_make_gap_free_versions_with_one_event_each(string strategy)
    {
        const int clients = 64;
        var sku = TestEnvironment.NewSku("C");
        Ok(await sql.Engine.CreateAsync(sku, new NewProduct("Cup", 1_000, Actor: Admin), default));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, clients).Select(async i =>
        {
            await start.Task;
            return await Reserve(sku, 1, $"user-{i}", strategy);
        }).ToList();
        start.SetResult();
        var replies = await Task.WhenAll(tasks);

        Assert.All(replies, r => Assert.True(r.IsSuccess, r.Error.ToString()));
        if (strategy == "optimistic")
        {
            // Lost tries were rolled back: the exact counts below leave no room for their rows.
            Assert.Contains(replies, r => r.Attempts > 1);
        }

        var movements = await sql.MovementsAsync(sku);
        Assert.Equal(Enumerable.Range(1, clients + 1).Select(v => (long)v), movements.Select(m => m.Version));
        var events = await sql.EventsAsync(sku);
        Assert.Equal(Enumerable.Range(2, clients).Select(v => (long)v), events.Where(e => e.Type == StockEventTypes.ReservationCreated).Select(e => e.Version));
        Assert.Equal(clients + 1, events.Count);
        var history = Ok(await sql.Engine.GetHistoryAsync(sku, 0, 1_000, default));
        Assert.Equal(HistoryReplay.Of(Ok(await sql.Engine.GetAsync(sku, default))), HistoryReplay.Of(history.Items));
        Assert.Equal(replies.Select(r => r.Value!.ReservationId).Order(StringComparer.Ordinal),
            history.Items.Skip(1).Select(i => i.ReservationId!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Cart_lines_record_a_change_per_line_and_a_refused_cart_records_none(string strategy)
    {
        var a = TestEnvironment.NewSku("A");
        var b = TestEnvironment.NewSku("B");
        Ok(await sql.Engine.CreateAsync(a, new NewProduct("A", 4, LowStockThreshold: 2, Actor: Admin), default));
        Ok(await sql.Engine.CreateAsync(b, new NewProduct("B", 1, Actor: Admin), default));

        var refused = await sql.Engine.ReserveLinesAsync(
            [new CartLineRequest(a, new ReserveRequest(1, "u1", 60, null, Owner: Client)), new CartLineRequest(b, new ReserveRequest(2, "u1", 60, null, Owner: Client))],
            strategy, default);
        Assert.False(refused.IsSuccess);
        Assert.Equal(1, refused.FailedIndex);
        Assert.Single(await sql.MovementsAsync(a));
        Assert.Single(await sql.EventsAsync(a));

        var cart = await sql.Engine.ReserveLinesAsync(
            [new CartLineRequest(b, new ReserveRequest(1, "u1", 60, null, Owner: Client)), new CartLineRequest(a, new ReserveRequest(2, "u1", 60, null, Owner: Client))],
            strategy, default);
        Assert.True(cart.IsSuccess);
        Assert.Equal([(1L, HistoryKinds.Created, 4L, Admin), (2, HistoryKinds.Reserved, 2, Client)], await sql.MovementsAsync(a));
        Assert.Equal([(1L, HistoryKinds.Created, 1L, Admin), (2, HistoryKinds.Reserved, 1, Client)], await sql.MovementsAsync(b));
        Assert.Equal([(1L, StockEventTypes.ProductCreated), (2, StockEventTypes.ReservationCreated), (2, StockEventTypes.StockLow)],
            (await sql.EventsAsync(a)).Select(e => (e.Version, e.Type)));
        Assert.Equal([(1L, StockEventTypes.ProductCreated), (2, StockEventTypes.ReservationCreated), (2, StockEventTypes.StockOut)],
            (await sql.EventsAsync(b)).Select(e => (e.Version, e.Type)));
        var history = Ok(await sql.Engine.GetHistoryAsync(a, 0, 100, default));
        Assert.Equal(cart.Reservations![1].ReservationId, history.Items[1].ReservationId);
    }

    [Fact]
    public async Task A_confirm_after_expiry_records_the_expiry_without_an_actor_and_nothing_else()
    {
        var sku = TestEnvironment.NewSku("E");
        Ok(await sql.Engine.CreateAsync(sku, new NewProduct("Eel", 1, Actor: Admin), default));
        var reservation = Ok(await Reserve(sku, 1, "u1", "pessimistic", ttlSeconds: 1));
        await WaitUntilAsync(() => DateTime.UtcNow > reservation.ExpiresAt);

        var confirm = await sql.Engine.ConfirmAsync(sku, reservation.ReservationId, null, Admin, default);

        Assert.Equal(StockError.ReservationNotPending, confirm.Error);
        Assert.Equal([(1L, HistoryKinds.Created, 1L, Admin), (2, HistoryKinds.Reserved, 1, Client), (3, HistoryKinds.Expired, 1, null)],
            await sql.MovementsAsync(sku));
        Assert.Equal(
            [(1L, StockEventTypes.ProductCreated), (2, StockEventTypes.ReservationCreated), (2, StockEventTypes.StockOut),
             (3, StockEventTypes.ReservationExpired), (3, StockEventTypes.StockBackInStock)],
            (await sql.EventsAsync(sku)).Select(e => (e.Version, e.Type)));
        Assert.Equal(0, await sql.Expiry.ExpireDueAsync(DateTime.UtcNow.AddSeconds(5), 100, default));
    }

    [Fact]
    public async Task History_pages_in_version_order_and_an_unknown_product_is_not_found()
    {
        var sku = TestEnvironment.NewSku("H");
        Ok(await sql.Engine.CreateAsync(sku, new NewProduct("Hat", 1, Actor: Admin), default));
        Ok(await sql.Engine.RestockAsync(sku, 1, Admin, default));
        Ok(await sql.Engine.RestockAsync(sku, 2, Admin, default));

        var page = Ok(await sql.Engine.GetHistoryAsync(sku, 0, 2, default));
        Assert.Equal([1L, 2], page.Items.Select(i => i.Version));
        Assert.Equal(2, page.Next);
        var last = Ok(await sql.Engine.GetHistoryAsync(sku, page.Next!.Value, 2, default));
        Assert.Equal([3L], last.Items.Select(i => i.Version));
        Assert.Null(last.Next);
        Assert.Equal(StockError.ProductNotFound, (await sql.Engine.GetHistoryAsync(TestEnvironment.NewSku("H"), 0, 10, default)).Error);
        Assert.Equal(StockError.ProductNotFound, (await sql.Engine.RestockAsync(TestEnvironment.NewSku("H"), 1, Admin, default)).Error);
    }

    private Task<StockReply<ReservationView>> Reserve(string sku, int quantity, string user, string strategy, int ttlSeconds = 600) =>
        sql.Engine.ReserveAsync(sku, new ReserveRequest(quantity, user, ttlSeconds, null, Owner: Client), strategy, default);

    private static T Ok<T>(StockReply<T> reply)
    {
        Assert.True(reply.IsSuccess, $"refused: {reply.Error}");
        return reply.Value!;
    }

    /// <summary>Waits for the clock itself (a reservation's expiry), polling with a deadline.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }
}
