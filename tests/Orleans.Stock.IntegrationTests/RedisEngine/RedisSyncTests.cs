using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Tests.Infrastructure;
using StackExchange.Redis;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>The write-behind from Redis to PostgreSQL, on the shared test Redis and database.</summary>
[Collection(ApiCollection.Name)]
public sealed class RedisSyncTests(ApiFixture fixture)
{
    private static readonly TimeSpan SyncInterval = new RedisEngineOptions().SyncInterval;

    private readonly StockApiClient _api = new(fixture.Client);

    [Fact]
    public async Task After_a_burst_postgres_matches_redis_within_two_sync_intervals()
    {
        var sku = TestEnvironment.NewSku("RS");
        await _api.CreateProductAsync(sku, 1_000, "redis");

        var ids = await ReserveManyAsync(sku, 200);
        await Task.WhenAll(ids.Take(50).Select(id => PostOkAsync($"/api/products/{sku}/reservations/{id}/confirm")));
        await Task.WhenAll(ids.Skip(50).Take(50).Select(id => PostOkAsync($"/api/products/{sku}/reservations/{id}/cancel")));
        await PostOkAsync($"/api/products/{sku}/restock", """{"quantity":10}""");
        var deadline = DateTime.UtcNow + (2 * SyncInterval);

        var redis = await MirrorState.ReadApiAsync(fixture.Client, sku, ids);
        var postgres = await MirrorState.AwaitPostgresAsync(TestEnvironment.Postgres, sku, redis, deadline);

        Assert.True(postgres is not null && postgres.Matches(redis), $"PostgreSQL [{postgres}] still differs from Redis [{redis}] two sync intervals after the burst.");
        Assert.Equal((860L, 100L, 50L, 10L), (redis.Available, redis.Reserved, redis.Sold, redis.Restocked));
    }

    [Fact]
    public async Task Applying_a_batch_twice_or_after_a_newer_one_changes_nothing()
    {
        var sku = TestEnvironment.NewSku("RR");
        await _api.CreateProductAsync(sku, 100, "redis");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis!);
        var instance = (string)(await redis.GetDatabase().StringGetAsync(RedisKeys.Instance))!;

        // Holding the data set's sync lock keeps every sync worker away, so the batch stays in the stream to be read here.
        await using var syncLock = new NpgsqlConnection(TestEnvironment.Postgres);
        await syncLock.OpenAsync();
        await ExecuteAsync(syncLock, "select pg_advisory_lock(hashtext('orleans-stock.redis-sync'), hashtext($1))", instance);
        try
        {
            var ids = await ReserveManyAsync(sku, 6);
            await PostOkAsync($"/api/products/{sku}/reservations/{ids[0]}/confirm");
            await PostOkAsync($"/api/products/{sku}/reservations/{ids[1]}/cancel");
            var changes = (await redis.GetDatabase().StreamRangeAsync(RedisKeys.Changes))
                .Select(StockChangeParser.Parse).Where(c => c.Sku == sku).ToList();
            Assert.Equal(8, changes.Count);
            var writer = fixture.Factory.Services.GetRequiredService<SyncBatchWriter>();

            await writer.ApplyAsync(changes, CancellationToken.None);
            var once = await MirrorState.ReadPostgresAsync(TestEnvironment.Postgres, sku);
            await writer.ApplyAsync(changes, CancellationToken.None);
            var twice = await MirrorState.ReadPostgresAsync(TestEnvironment.Postgres, sku);
            await writer.ApplyAsync(changes.Take(4).ToList(), CancellationToken.None);
            var older = await MirrorState.ReadPostgresAsync(TestEnvironment.Postgres, sku);

            var expected = await MirrorState.ReadApiAsync(fixture.Client, sku, ids);
            Assert.True(once!.Matches(expected), $"after one apply PostgreSQL [{once}] differs from Redis [{expected}]");
            Assert.True(twice!.Matches(once), $"a second apply changed [{once}] to [{twice}]");
            Assert.True(older!.Matches(once), $"applying an older batch changed [{once}] to [{older}]");
        }
        finally
        {
            await ExecuteAsync(syncLock, "select pg_advisory_unlock(hashtext('orleans-stock.redis-sync'), hashtext($1))", instance);
        }
    }

    private async Task<List<string>> ReserveManyAsync(string sku, int count)
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            _api.ReserveAsync(sku, 1, $"user-{i}", idempotencyKey: i % 2 == 0 ? $"key-{i}" : null)));
        var ids = new List<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await StockApiClient.ReadJsonAsync(response)).GetProperty("reservationId").GetString()!);
            response.Dispose();
        }

        return ids;
    }

    private async Task PostOkAsync(string path, string? json = null)
    {
        using var response = await _api.PostAsync(path, json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, string value)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = value });
        await command.ExecuteNonQueryAsync();
    }
}
