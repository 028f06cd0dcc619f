using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Tests.Contract;
using Orleans.Stock.Tests.Infrastructure;
using StackExchange.Redis;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>
/// A redis product's history and events, written behind with its counters: one history item per
/// change, its event and its threshold events once per crossing, and nothing twice when a batch is
/// applied again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RedisHistoryTests(ApiFixture fixture)
{
    private static readonly TimeSpan SyncWithin = TimeSpan.FromSeconds(15);

    private RedisStockEngine Engine => fixture.Factory.Services.GetServices<IStockEngine>().OfType<RedisStockEngine>().Single();

    [Fact]
    public async Task A_lifecycle_gives_its_history_and_events_in_version_order_and_the_history_replays_to_the_counters()
    {
        var sku = TestEnvironment.NewSku("RH");
        var engine = Engine;
        Ok(await engine.CreateAsync(sku, new NewProduct("Mug", 10, LowStockThreshold: 3, Actor: "admin-1"), default));
        var a = Ok(await engine.ReserveAsync(sku, new ReserveRequest(7, "user-a", 600, null, Owner: "client-1"), null, default));
        var b = Ok(await engine.ReserveAsync(sku, new ReserveRequest(3, "user-b", 600, null, Owner: "client-1"), null, default));
        Ok(await engine.CancelAsync(sku, b.ReservationId, null, "admin-1", default));
        Ok(await engine.ConfirmAsync(sku, a.ReservationId, "client-1", "client-1", default));
        Ok(await engine.RestockAsync(sku, 5, "admin-1", default));
        Ok(await engine.AdjustAsync(sku, new StockAdjustment(AdjustmentMode.Delta, -2, "damaged", 6, "admin-1", null), default));
        Ok(await engine.AdjustAsync(sku, new StockAdjustment(AdjustmentMode.Set, 2, "cycle count", 6, "admin-1", null), default));
        var c = Ok(await engine.ReserveAsync(sku, new ReserveRequest(1, "user-c", 1, null, Owner: "client-1"), null, default));
        await AwaitExpiredAsync(engine, sku, c.ReservationId);

        Assert.Equal(10, await OutboxRows.AwaitMovementsAsync(TestEnvironment.Postgres, sku, 10, SyncWithin));
        var product = Ok(await engine.GetAsync(sku, default));
        var history = Ok(await engine.GetHistoryAsync(sku, 0, 100, default));

        Assert.Equal(
            [
                (1L, "created", 10L, (string?)null, (string?)null, (string?)null, (string?)"admin-1"),
                (2, "reserved", 7, a.ReservationId, "user-a", null, "client-1"),
                (3, "reserved", 3, b.ReservationId, "user-b", null, "client-1"),
                (4, "cancelled", 3, b.ReservationId, "user-b", null, "admin-1"),
                (5, "confirmed", 7, a.ReservationId, "user-a", null, "client-1"),
                (6, "restocked", 5, null, null, null, "admin-1"),
                (7, "adjusted", -2, null, null, "damaged", "admin-1"),
                (8, "adjusted", -4, null, null, "cycle count", "admin-1"),
                (9, "reserved", 1, c.ReservationId, "user-c", null, "client-1"),
                (10, "expired", 1, c.ReservationId, "user-c", null, null),
            ],
            history.Items.Select(i => (i.Version, i.Kind, i.Quantity, i.ReservationId, i.UserId, i.Reason, i.Actor)).ToList());
        Assert.Null(history.Next);
        Assert.Equal(HistoryReplay.Of(product), HistoryReplay.Of(history.Items));
        Assert.Equal((2L, 0L, 7L, -6L, 10L), (product.Available, product.Reserved, product.Sold, product.Adjusted, product.Version));
        Assert.Equal(
            [
                (1L, "product.created"),
                (2, "reservation.created"), (2, "stock.low"),
                (3, "reservation.created"), (3, "stock.out"),
                (4, "reservation.cancelled"), (4, "stock.back-in-stock"),
                (5, "reservation.confirmed"),
                (6, "stock.restocked"),
                (7, "stock.adjusted"),
                (8, "stock.adjusted"), (8, "stock.low"),
                (9, "reservation.created"),
                (10, "reservation.expired"),
            ],
            await OutboxRows.EventsAsync(TestEnvironment.Postgres, sku));

        // The written-behind copy carries the adjusted counter and holds the conservation check with it.
        Assert.Equal(-6L, await ScalarAsync<long>("select adjusted from sql_stock where sku = $1", sku));
        var page = Ok(await engine.GetHistoryAsync(sku, 3, 4, default));
        Assert.Equal([4L, 5, 6, 7], page.Items.Select(i => i.Version).ToList());
        Assert.Equal(7, page.Next);
    }

    [Fact]
    public async Task A_batch_applied_before_a_crash_and_again_by_the_sync_records_each_change_once()
    {
        var sku = TestEnvironment.NewSku("RX");
        var engine = Engine;
        Ok(await engine.CreateAsync(sku, new NewProduct("Mug", 4, LowStockThreshold: 1), default));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis!);
        var instance = (string)(await redis.GetDatabase().StringGetAsync(RedisKeys.Instance))!;

        // Holding the data set's sync lock keeps every sync worker away, so the changes stay in the stream.
        await using var syncLock = new NpgsqlConnection(TestEnvironment.Postgres);
        await syncLock.OpenAsync();
        await ExecuteAsync(syncLock, "select pg_advisory_lock(hashtext('orleans-stock.redis-sync'), hashtext($1))", instance);
        try
        {
            var r = Ok(await engine.ReserveAsync(sku, new ReserveRequest(4, "user-x", 600, null), null, default));
            Ok(await engine.CancelAsync(sku, r.ReservationId, null, null, default));
            Ok(await engine.AdjustAsync(sku, new StockAdjustment(AdjustmentMode.Delta, -3, "lost", null, null, null), default));
            var changes = (await redis.GetDatabase().StreamRangeAsync(RedisKeys.Changes))
                .Select(StockChangeParser.Parse).Where(ch => ch.Sku == sku).ToList();
            Assert.Equal(3, changes.Count);

            // What a sync that committed its PostgreSQL writes but not its watermark would have left,
            // then the same changes once more: the watermark does not cover them.
            var writer = fixture.Factory.Services.GetRequiredService<SyncBatchWriter>();
            await writer.ApplyAsync(changes, CancellationToken.None);
            await writer.ApplyAsync(changes, CancellationToken.None);
        }
        finally
        {
            await ExecuteAsync(syncLock, "select pg_advisory_unlock(hashtext('orleans-stock.redis-sync'), hashtext($1))", instance);
        }

        // And the sync itself, which still finds them after its watermark.
        var sync = fixture.Factory.Services.GetRequiredService<RedisChangeSync>();
        await sync.DrainAsync(instance, CancellationToken.None);
        await AwaitTrimmedAsync(redis, sku);

        Assert.Equal(4, await OutboxRows.MovementCountAsync(TestEnvironment.Postgres, sku));
        Assert.Equal(
            [(1L, "product.created"), (2, "reservation.created"), (2, "stock.low"), (2, "stock.out"),
             (3, "reservation.cancelled"), (3, "stock.back-in-stock"), (4, "stock.adjusted"), (4, "stock.low")],
            await OutboxRows.EventsAsync(TestEnvironment.Postgres, sku));
        Assert.Equal((1L, 4L), (await ScalarAsync<long>("select available from sql_stock where sku = $1", sku), await ScalarAsync<long>("select version from sql_stock where sku = $1", sku)));
    }

    /// <summary>The sync trims what it applied only after its commit: once the SKU's entries are gone, they are applied.</summary>
    private static async Task AwaitTrimmedAsync(ConnectionMultiplexer redis, string sku)
    {
        var deadline = DateTime.UtcNow + SyncWithin;
        bool waiting;
        do
        {
            waiting = (await redis.GetDatabase().StreamRangeAsync(RedisKeys.Changes)).Any(e => e["sku"] == sku);
            if (waiting)
            {
                await Task.Delay(50);
            }
        }
        while (waiting && DateTime.UtcNow < deadline);

        Assert.False(waiting, "the sync never applied the SKU's changes");
    }

    private static async Task AwaitExpiredAsync(RedisStockEngine engine, string sku, string reservationId)
    {
        // The sweeper runs on its own timer (every 500 ms): poll for its outcome.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        ReservationStatus? status;
        do
        {
            await Task.Delay(100);
            status = (await engine.GetReservationAsync(sku, reservationId, null, default)).Value?.Status;
        }
        while (status != ReservationStatus.Expired && DateTime.UtcNow < deadline);

        Assert.Equal(ReservationStatus.Expired, status);
    }

    private static T Ok<T>(StockReply<T> reply)
    {
        Assert.True(reply.IsSuccess, $"expected success, got {reply.Error}");
        return reply.Value!;
    }

    private static async Task<T> ScalarAsync<T>(string sql, string value)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = value });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, string value)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = value });
        await command.ExecuteNonQueryAsync();
    }
}
