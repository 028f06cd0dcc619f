using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>PATCH on the redis engine: settings in Redis and PostgreSQL, no version, no history, a limit that holds at once.</summary>
[Collection(ApiCollection.Name)]
public sealed class RedisSettingsTests(ApiFixture fixture)
{
    private RedisStockEngine Engine => fixture.Factory.Services.GetServices<IStockEngine>().OfType<RedisStockEngine>().Single();

    [Fact]
    public async Task A_limit_set_later_counts_what_each_user_already_holds()
    {
        var engine = Engine;
        var sku = TestEnvironment.NewSku("RS");
        Ok(await engine.CreateAsync(sku, new NewProduct("Mug", 20), default));
        var confirmed = Ok(await engine.ReserveAsync(sku, new ReserveRequest(2, "user-1", 600, null), null, default));
        Ok(await engine.ConfirmAsync(sku, confirmed.ReservationId, null, null, default));
        Ok(await engine.ReserveAsync(sku, new ReserveRequest(1, "user-1", 600, null), null, default));
        var cancelled = Ok(await engine.ReserveAsync(sku, new ReserveRequest(5, "user-1", 600, null), null, default));
        Ok(await engine.CancelAsync(sku, cancelled.ReservationId, null, null, default));

        var patched = Ok(await engine.UpdateSettingsAsync(sku, new ProductSettingsChange(true, 3, true, 5), default));
        var over = await engine.ReserveAsync(sku, new ReserveRequest(1, "user-1", 600, null), null, default);

        Assert.Equal((3, 5, 6L), (patched.MaxPerUser, patched.LowStockThreshold, patched.Version));
        Assert.Equal((StockError.LimitExceeded, 3, 3L), (over.Error, over.MaxPerUser, over.Held));
        Ok(await engine.ReserveAsync(sku, new ReserveRequest(3, "user-2", 600, null), null, default));
        Assert.Equal((3, 5), await SettingsInPostgresAsync(sku, "stock_products"));
        Assert.Equal((3, 5), await SettingsInPostgresAsync(sku, "sql_stock"));
    }

    [Fact]
    public async Task A_patch_changes_only_what_it_names_and_null_clears()
    {
        var engine = Engine;
        var sku = TestEnvironment.NewSku("RS");
        Ok(await engine.CreateAsync(sku, new NewProduct("Mug", 20, MaxPerUser: 2, LowStockThreshold: 4), default));

        var lowOnly = Ok(await engine.UpdateSettingsAsync(sku, new ProductSettingsChange(false, null, true, 6), default));
        var cleared = Ok(await engine.UpdateSettingsAsync(sku, new ProductSettingsChange(true, null, false, null), default));

        Assert.Equal((2, 6), (lowOnly.MaxPerUser, lowOnly.LowStockThreshold));
        Assert.Equal(((int?)null, 6), (cleared.MaxPerUser, cleared.LowStockThreshold));
        Assert.Equal(1L, cleared.Version);
        Ok(await engine.ReserveAsync(sku, new ReserveRequest(5, "user-1", 600, null), null, default));
        Assert.Equal(((int?)null, (int?)6), await SettingsInPostgresAsync(sku, "sql_stock"));
        Assert.Equal(StockError.ProductNotFound, (await engine.UpdateSettingsAsync(TestEnvironment.NewSku("RN"), new ProductSettingsChange(true, 1, false, null), default)).Error);
    }

    [Fact]
    public async Task Settings_survive_a_product_loaded_back_from_postgres()
    {
        var engine = Engine;
        var sku = TestEnvironment.NewSku("RS");
        Ok(await engine.CreateAsync(sku, new NewProduct("Mug", 20), default));
        Ok(await engine.ReserveAsync(sku, new ReserveRequest(2, "user-1", 600, null), null, default));
        Ok(await engine.UpdateSettingsAsync(sku, new ProductSettingsChange(true, 2, true, 7), default));
        Ok(await engine.AdjustAsync(sku, new StockAdjustment(AdjustmentMode.Delta, -3, "damaged", null, null, null), default));
        await OutboxRows.AwaitMovementsAsync(TestEnvironment.Postgres, sku, 3, TimeSpan.FromSeconds(15));
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis!);
        await redis.GetDatabase().KeyDeleteAsync([RedisKeys.Counters(sku), RedisKeys.Held(sku), RedisKeys.Expiry(sku)]);

        var loaded = Ok(await engine.GetAsync(sku, default));
        var over = await engine.ReserveAsync(sku, new ReserveRequest(1, "user-1", 600, null), null, default);

        Assert.Equal((2, 7, -3L, 15L), (loaded.MaxPerUser, loaded.LowStockThreshold, loaded.Adjusted, loaded.Available));
        Assert.Equal((StockError.LimitExceeded, 2L), (over.Error, over.Held));
    }

    private static async Task<(int?, int?)> SettingsInPostgresAsync(string sku, string table)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select max_per_user, low_stock_threshold from {table} where sku = $1", connection);
        command.Parameters.Add(new() { Value = sku });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
    }

    private static T Ok<T>(StockReply<T> reply)
    {
        Assert.True(reply.IsSuccess, $"expected success, got {reply.Error}");
        return reply.Value!;
    }
}
