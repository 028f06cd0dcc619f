using Microsoft.Extensions.DependencyInjection;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>Stock adjustments on the redis engine: compare-and-set, the stock rules, the no-op set and the Idempotency-Key.</summary>
[Collection(ApiCollection.Name)]
public sealed class RedisAdjustmentTests(ApiFixture fixture)
{
    private RedisStockEngine Engine => fixture.Factory.Services.GetServices<IStockEngine>().OfType<RedisStockEngine>().Single();

    [Fact]
    public async Task A_stale_expected_version_or_on_hand_is_a_version_mismatch_that_changes_nothing()
    {
        var (engine, sku) = await NewProductAsync(10);
        Ok(await engine.ReserveAsync(sku, new ReserveRequest(2, "user-1", 600, null), null, default));

        var delta = await engine.AdjustAsync(sku, Delta(5, expected: 1), default);
        var set = await engine.AdjustAsync(sku, Set(20, expected: 8), default);

        Assert.Equal((StockError.VersionMismatch, 2L, 10L), (delta.Error, delta.Version, delta.OnHand));
        Assert.Equal((StockError.VersionMismatch, 2L, 10L), (set.Error, set.Version, set.OnHand));
        var product = Ok(await engine.GetAsync(sku, default));
        Assert.Equal((8L, 2L, 0L), (product.Available, product.Version, product.Adjusted));
        var applied = Ok(await engine.AdjustAsync(sku, Delta(5, expected: 2), default));
        Assert.Equal((13L, 15L, 5L, 3L), (applied.Available, applied.OnHand, applied.Adjusted, applied.Version));
        var setApplied = Ok(await engine.AdjustAsync(sku, Set(4, expected: 15), default));
        Assert.Equal((2L, 4L, -6L, 4L), (setApplied.Available, setApplied.OnHand, setApplied.Adjusted, setApplied.Version));
        Assert.Equal(setApplied.InitialStock + setApplied.Restocked + setApplied.Adjusted, setApplied.OnHand + setApplied.Sold);
    }

    [Fact]
    public async Task Pending_units_are_never_adjusted_away()
    {
        var (engine, sku) = await NewProductAsync(10);
        Ok(await engine.ReserveAsync(sku, new ReserveRequest(4, "user-1", 600, null), null, default));

        var tooMuch = await engine.AdjustAsync(sku, Delta(-7), default);
        var belowReserved = await engine.AdjustAsync(sku, Set(3), default);

        Assert.Equal((StockError.InsufficientStock, 6L), (tooMuch.Error, tooMuch.Available));
        Assert.Equal((StockError.InsufficientStock, 6L), (belowReserved.Error, belowReserved.Available));
        var toReserved = Ok(await engine.AdjustAsync(sku, Set(4), default));
        Assert.Equal((0L, 4L, 4L), (toReserved.Available, toReserved.Reserved, toReserved.OnHand));
        Assert.Equal(StockError.InsufficientStock, (await engine.AdjustAsync(sku, Delta(-1), default)).Error);
    }

    [Fact]
    public async Task A_set_to_the_current_on_hand_changes_nothing_and_records_nothing()
    {
        var (engine, sku) = await NewProductAsync(10);

        var same = Ok(await engine.AdjustAsync(sku, Set(10), default));
        Ok(await engine.RestockAsync(sku, 1, null, default));

        Assert.Equal((1L, 0L), (same.Version, same.Adjusted));
        // The restock after it is version 2: the set took no version, and no history item stands for it.
        Assert.Equal(2, await OutboxRows.AwaitMovementsAsync(TestEnvironment.Postgres, sku, 2, TimeSpan.FromSeconds(15)));
        var history = Ok(await engine.GetHistoryAsync(sku, 0, 10, default));
        Assert.Equal(["created", "restocked"], history.Items.Select(i => i.Kind).ToList());
        Assert.Equal([(1L, "product.created"), (2, "stock.restocked")], await OutboxRows.EventsAsync(TestEnvironment.Postgres, sku));
    }

    [Fact]
    public async Task An_idempotency_key_replays_the_product_as_it_is_now_and_refuses_another_body()
    {
        var (engine, sku) = await NewProductAsync(10);
        var first = Ok(await engine.AdjustAsync(sku, Delta(-3, key: "erp-1"), default));
        Ok(await engine.RestockAsync(sku, 2, null, default));

        var replay = await engine.AdjustAsync(sku, Delta(-3, key: "erp-1"), default);
        var otherBody = await engine.AdjustAsync(sku, Delta(-4, key: "erp-1"), default);
        var otherCaller = await engine.AdjustAsync(sku, Delta(-4, key: "erp-1") with { Actor = "admin-2" }, default);

        Assert.Equal((7L, 2L), (first.Available, first.Version));
        Assert.True(replay.IsSuccess && replay.Replayed, $"replay answered {replay.Error}");
        Assert.Equal((9L, 3L, -3L), (replay.Value!.Available, replay.Value.Version, replay.Value.Adjusted));
        Assert.Equal(StockError.IdempotencyKeyReused, otherBody.Error);
        // Keys are scoped to the caller, as reservation keys are.
        Assert.Equal(5L, Ok(otherCaller).Available);
    }

    [Fact]
    public async Task An_idempotency_key_survives_the_product_being_loaded_back_from_postgres()
    {
        var (engine, sku) = await NewProductAsync(10);
        var adjustment = Delta(-3, key: "erp-2");
        Ok(await engine.AdjustAsync(sku, adjustment, default));
        Assert.Equal(2, await OutboxRows.AwaitMovementsAsync(TestEnvironment.Postgres, sku, 2, TimeSpan.FromSeconds(15)));
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis!);
        // What a flushed Redis lacks: the product and the key.
        Assert.Equal(2, await redis.GetDatabase().KeyDeleteAsync([RedisKeys.Counters(sku), RedisKeys.Idempotency(sku, adjustment.ScopedIdempotencyKey!)]));

        var replay = await engine.AdjustAsync(sku, adjustment, default);
        var otherBody = await engine.AdjustAsync(sku, Delta(-4, key: "erp-2"), default);

        Assert.True(replay.IsSuccess && replay.Replayed, $"replay after the load answered {replay.Error}");
        Assert.Equal((7L, 2L), (replay.Value!.Available, replay.Value.Version));
        Assert.Equal(StockError.IdempotencyKeyReused, otherBody.Error);
    }

    [Fact]
    public async Task Values_the_contract_forbids_are_refused_before_redis()
    {
        var (engine, sku) = await NewProductAsync(10);

        Assert.Equal(StockError.InvalidInput, (await engine.AdjustAsync(sku, Delta(0), default)).Error);
        Assert.Equal(StockError.InvalidInput, (await engine.AdjustAsync(sku, Set(-1), default)).Error);
        Assert.Equal(StockError.InvalidInput, (await engine.AdjustAsync(sku, Delta(1_000_000_001), default)).Error);
        Assert.Equal(StockError.InvalidInput, (await engine.AdjustAsync(sku, Delta(1) with { Reason = "a\0b" }, default)).Error);
        Assert.Equal(StockError.ProductNotFound, (await engine.AdjustAsync(TestEnvironment.NewSku("RN"), Delta(1), default)).Error);
        Assert.Equal(1L, Ok(await engine.GetAsync(sku, default)).Version);
    }

    private async Task<(RedisStockEngine Engine, string Sku)> NewProductAsync(long initialStock)
    {
        var sku = TestEnvironment.NewSku("RA");
        Ok(await Engine.CreateAsync(sku, new NewProduct("Mug", initialStock), default));
        return (Engine, sku);
    }

    private static StockAdjustment Delta(long delta, long? expected = null, string? key = null) =>
        new(AdjustmentMode.Delta, delta, "count", expected, "admin-1", key);

    private static StockAdjustment Set(long onHand, long? expected = null) =>
        new(AdjustmentMode.Set, onHand, "cycle count", expected, "admin-1", null);

    private static T Ok<T>(StockReply<T> reply)
    {
        Assert.True(reply.IsSuccess, $"expected success, got {reply.Error}");
        return reply.Value!;
    }
}
