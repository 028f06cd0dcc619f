using Orleans.Stock.Abstractions;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.SqlEngine;

/// <summary>Stock adjustments and product settings on the sql engine, against real PostgreSQL.</summary>
public sealed class SqlAdjustmentTests(SqlEngineHarness sql) : IClassFixture<SqlEngineHarness>
{
    private const string Admin = "key-admin";

    [Fact]
    public async Task Compare_and_set_refuses_a_stale_version_or_on_hand_and_changes_nothing()
    {
        var sku = await ProductWithReservedAsync(onHand: 10, reserved: 4); // version 2

        var staleVersion = await Adjust(sku, AdjustmentMode.Delta, 5, expected: 1);
        var staleOnHand = await Adjust(sku, AdjustmentMode.Set, 8, expected: 9);

        Assert.All([staleVersion, staleOnHand], r =>
        {
            Assert.Equal(StockError.VersionMismatch, r.Error);
            Assert.Equal((2L, 10L), (r.Version, r.OnHand));
        });
        Assert.Equal(2, (await sql.MovementsAsync(sku)).Count);
        var delta = Ok(await Adjust(sku, AdjustmentMode.Delta, 5, expected: 2));
        Assert.Equal((3L, 15L, 11L, 5L), (delta.Version, delta.OnHand, delta.Available, delta.Adjusted));
        var set = Ok(await Adjust(sku, AdjustmentMode.Set, 7, expected: 15));
        Assert.Equal((4L, 7L, 3L, -3L), (set.Version, set.OnHand, set.Available, set.Adjusted));
        Assert.Equal([(3L, HistoryKinds.Adjusted, 5L, Admin), (4, HistoryKinds.Adjusted, -8, Admin)], (await sql.MovementsAsync(sku)).Skip(2));
    }

    [Fact]
    public async Task Taking_more_than_available_or_setting_below_reserved_is_insufficient_stock()
    {
        var sku = await ProductWithReservedAsync(onHand: 10, reserved: 4);

        var delta = await Adjust(sku, AdjustmentMode.Delta, -7);
        var set = await Adjust(sku, AdjustmentMode.Set, 3);

        Assert.All([delta, set], r =>
        {
            Assert.Equal(StockError.InsufficientStock, r.Error);
            Assert.Equal(6, r.Available);
        });
        Ok(await Adjust(sku, AdjustmentMode.Set, 4));                 // exactly reserved: none available
        Assert.Equal(StockError.InsufficientStock, (await Adjust(sku, AdjustmentMode.Delta, -1)).Error);
        var events = await sql.EventsAsync(sku);
        Assert.Equal([StockEventTypes.StockAdjusted, StockEventTypes.StockOut], events.Where(e => e.Version == 3).Select(e => e.Type));
        Assert.Equal(3, events.Max(e => e.Version));
    }

    [Fact]
    public async Task Setting_the_current_on_hand_records_nothing_and_answers_the_product()
    {
        var sku = await ProductWithReservedAsync(onHand: 10, reserved: 4);

        var same = Ok(await Adjust(sku, AdjustmentMode.Set, 10, expected: 10));

        Assert.Equal((2L, 10L, 0L), (same.Version, same.OnHand, same.Adjusted));
        Assert.Equal(2, (await sql.MovementsAsync(sku)).Count);
        Assert.Equal(2, (await sql.EventsAsync(sku)).Max(e => e.Version));
    }

    [Fact]
    public async Task An_idempotency_key_applies_once_across_restarts_answers_the_current_product_and_refuses_another_body()
    {
        var sku = await ProductWithReservedAsync(onHand: 10, reserved: 0);
        var first = Ok(await Adjust(sku, AdjustmentMode.Delta, -3, expected: 1, key: "k1"));
        Ok(await sql.Engine.RestockAsync(sku, 5, Admin, default));

        sql.Restart();
        var replay = await Adjust(sku, AdjustmentMode.Delta, -3, expected: 1, key: "k1");
        var otherBody = await Adjust(sku, AdjustmentMode.Delta, -2, expected: 1, key: "k1");
        var otherCaller = await sql.Engine.AdjustAsync(sku, new StockAdjustment(AdjustmentMode.Delta, -3, "count", null, "key-other", "k1"), default);

        Assert.Equal(2, first.Version);
        Assert.True(replay.Replayed);
        Assert.Equal((3L, 12L), (replay.Value!.Version, replay.Value.OnHand));
        Assert.Equal(StockError.IdempotencyKeyReused, otherBody.Error);
        Assert.Equal(9, Ok(otherCaller).OnHand);
        Assert.Equal([-3L, 5, -3], (await sql.MovementsAsync(sku)).Skip(1).Select(m => m.Quantity));
    }

    [Fact]
    public async Task Adjusting_an_unknown_product_or_by_nothing_is_refused()
    {
        Assert.Equal(StockError.ProductNotFound, (await Adjust(TestEnvironment.NewSku("X"), AdjustmentMode.Delta, 1)).Error);
        var sku = await ProductWithReservedAsync(onHand: 1, reserved: 0);
        Assert.Equal(StockError.InvalidInput, (await Adjust(sku, AdjustmentMode.Delta, 0)).Error);
        Assert.Equal(StockError.InvalidInput, (await sql.Engine.AdjustAsync(sku, new StockAdjustment(AdjustmentMode.Delta, 1, "bad\n", null, Admin, null), default)).Error);
    }

    [Theory]
    [InlineData("pessimistic")]
    [InlineData("optimistic")]
    public async Task A_limit_set_later_holds_at_once_and_settings_change_no_version(string strategy)
    {
        var sku = await ProductWithReservedAsync(onHand: 10, reserved: 4); // user-0 holds 4

        var patched = Ok(await sql.Engine.UpdateSettingsAsync(sku, new ProductSettingsChange(true, 4, true, 5), default));
        var refused = await sql.Engine.ReserveAsync(sku, new ReserveRequest(1, "user-0", 60, null), strategy, default);
        var other = await sql.Engine.ReserveAsync(sku, new ReserveRequest(1, "user-1", 60, null), strategy, default); // 6 -> 5: low

        Assert.Equal((2L, 4, 5), (patched.Version, patched.MaxPerUser, patched.LowStockThreshold));
        Assert.Equal((StockError.LimitExceeded, 4, 4L), (refused.Error, refused.MaxPerUser, refused.Held));
        Assert.True(other.IsSuccess);
        Assert.Equal([StockEventTypes.ReservationCreated, StockEventTypes.StockLow], (await sql.EventsAsync(sku)).Where(e => e.Version == 3).Select(e => e.Type));
        var cleared = Ok(await sql.Engine.UpdateSettingsAsync(sku, new ProductSettingsChange(true, null, false, null), default));
        Assert.Equal((3L, null, 5), (cleared.Version, cleared.MaxPerUser, cleared.LowStockThreshold));
        Assert.Equal((null, 5), await CatalogSettingsAsync(sku));
        Assert.True((await sql.Engine.ReserveAsync(sku, new ReserveRequest(1, "user-0", 60, null), strategy, default)).IsSuccess);
        Assert.Equal(StockError.ProductNotFound, (await sql.Engine.UpdateSettingsAsync(TestEnvironment.NewSku("X"), new ProductSettingsChange(true, 1, false, null), default)).Error);
    }

    /// <summary>A product with <paramref name="onHand"/> units, <paramref name="reserved"/> of them held by user-0: version 1, or 2 with a reservation.</summary>
    private async Task<string> ProductWithReservedAsync(long onHand, int reserved)
    {
        var sku = TestEnvironment.NewSku("J");
        Ok(await sql.Engine.CreateAsync(sku, new NewProduct("Jar", onHand, Actor: Admin), default));
        if (reserved > 0)
        {
            Ok(await sql.Engine.ReserveAsync(sku, new ReserveRequest(reserved, "user-0", 600, null), "pessimistic", default));
        }

        return sku;
    }

    private Task<StockReply<ProductView>> Adjust(string sku, AdjustmentMode mode, long amount, long? expected = null, string? key = null) =>
        sql.Engine.AdjustAsync(sku, new StockAdjustment(mode, amount, "count", expected, Admin, key), default);

    private async Task<(int? MaxPerUser, int? LowStockThreshold)> CatalogSettingsAsync(string sku)
    {
        await using var command = sql.DataSource.CreateCommand("select max_per_user, low_stock_threshold from stock_products where sku = $1");
        command.Parameters.Add(new() { Value = sku });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
    }

    private static T Ok<T>(StockReply<T> reply)
    {
        Assert.True(reply.IsSuccess, $"refused: {reply.Error}");
        return reply.Value!;
    }
}
