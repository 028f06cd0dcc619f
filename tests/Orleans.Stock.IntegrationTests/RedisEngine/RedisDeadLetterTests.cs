using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Npgsql;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Tests.Infrastructure;
using StackExchange.Redis;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>
/// A change PostgreSQL refuses for its data (here a U+0000 in userId, put into the change stream
/// below every validation) is set aside as a dead letter; the changes after it still reach PostgreSQL.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RedisDeadLetterTests(ApiFixture fixture)
{
    private readonly StockApiClient _api = new(fixture.Client);

    [Fact]
    public async Task A_poisoned_change_is_dead_lettered_and_later_changes_reach_postgres()
    {
        var sku = TestEnvironment.NewSku("RD");
        await _api.CreateProductAsync(sku, 100, "redis");
        var metrics = fixture.Factory.Services.GetRequiredService<RedisEngineMetrics>();
        var deadLettersBefore = metrics.DeadLetters;
        // The instrument /metrics exports as stock_redis_sync_dead_letters_total (read here, not scraped: every
        // test host in this process registers the same meter name, and the scrape may show another host's instrument).
        using var counted = new MetricCollector<long>(fixture.Factory.Services.GetRequiredService<IMeterFactory>(), RedisEngineMetrics.MeterName, "stock.redis.sync.dead_letters");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis!);
        var instance = (string)(await redis.GetDatabase().StringGetAsync(RedisKeys.Instance))!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        // Exactly what log_change writes for a reservation, but with a value PostgreSQL cannot hold.
        var poisoned = await redis.GetDatabase().StreamAddAsync(RedisKeys.Changes,
        [
            new("sku", sku), new("v", 2), new("a", 99), new("r", 1), new("s", 0), new("rs", 0), new("t", now),
            new("id", $"poison{Guid.NewGuid():N}"), new("q", 1), new("u", "a\0b"), new("st", "pending"),
            new("c", now), new("e", now), new("k", ""), new("h", 1),
        ]);
        using var good = await _api.ReserveAsync(sku, 2, "user-after");
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        var goodId = (await StockApiClient.ReadJsonAsync(good)).GetProperty("reservationId").GetString()!;

        await using var db = NpgsqlDataSource.Create(TestEnvironment.Postgres);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        long? goodRows = null;
        string? letter = null;
        StreamEntry[] head = [];
        // The stream is trimmed after the batch that applied it commits, so that is waited for too.
        while (DateTime.UtcNow < deadline && (goodRows is not 1 || letter is null || head.Length > 0))
        {
            await Task.Delay(200);
            goodRows = await ScalarAsync<long>(db, "select count(*) from sql_reservations where id = $1", goodId);
            letter = await ScalarAsync<string>(db, "select change from redis_sync_dead_letters where instance = $1 and entry_id = $2", instance, (string)poisoned!);
            head = await redis.GetDatabase().StreamRangeAsync(RedisKeys.Changes, "-", poisoned, 1);
        }

        Assert.True(goodRows == 1, "the reservation made after the poisoned change never reached PostgreSQL");
        Assert.NotNull(letter);
        Assert.Contains("a\\u0000b", letter, StringComparison.Ordinal);
        Assert.Contains(sku, letter, StringComparison.Ordinal);
        Assert.Equal(sku, await ScalarAsync<string>(db, "select sku from redis_sync_dead_letters where instance = $1 and entry_id = $2", instance, (string)poisoned!));
        // The poisoned change's counters were not applied; the good one's were (98 available).
        Assert.Equal(98L, await ScalarAsync<long>(db, "select available from sql_stock where sku = $1", sku));
        Assert.True(metrics.DeadLetters > deadLettersBefore, "the dead letter is not counted");
        Assert.True(counted.GetMeasurementSnapshot().Sum(m => m.Value) >= 1, "the dead-letter counter recorded nothing");
        // The stream moved on: nothing at or before the poisoned entry is still waiting.
        Assert.Empty(head);
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlDataSource db, string sql, params object[] values)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }
}
