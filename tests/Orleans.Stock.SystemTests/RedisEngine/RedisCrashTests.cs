using System.Net;
using Npgsql;
using Orleans.Stock.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>
/// kill -9 of Redis (and the API) right after a burst of acknowledged reservations: what comes back
/// after a restart on the same files. The number lost per persistence setting is written to the
/// test output; only <c>appendfsync always</c> promises zero.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RedisCrashTests(ApiFixture fixture, ITestOutputHelper output)
{
    public const int Reservations = 2_000;
    public const int Concurrency = 32;
    public const int Waves = 5;
    public static readonly TimeSpan WavePause = TimeSpan.FromMilliseconds(400);

    [Theory]
    [InlineData("always")]
    [InlineData("everysec")]
    [InlineData("none")]
    public async Task Acknowledged_reservations_after_a_kill_of_redis(string persistence)
    {
        await using var schema = await IsolatedSchema.CreateAsync();
        await using var redis = await RedisServerProcess.StartAsync(persistence);
        var (sku, acknowledged) = await RedisKillRun.ReserveThenKillAsync(fixture.Factory, redis, schema, Waves, Reservations / Waves, Concurrency, WavePause);
        var syncedBeforeKill = await CountInPostgresAsync(schema, acknowledged);
        await redis.RestartAsync();
        await using var restarted = PrivateRedisApi.Start(fixture.Factory, redis, schema);
        using var http = restarted.CreateClient();
        var found = await RedisKillRun.CountReadableAsync(http, sku, acknowledged);

        var lost = acknowledged.Count - found;
        output.WriteLine(
            $"persistence={persistence}: {acknowledged.Count} acknowledged, {syncedBeforeKill} already in PostgreSQL at the kill, "
            + $"{lost} lost after the restart ({100.0 * lost / acknowledged.Count:F2} %)");

        // Whatever was lost, what remains is whole: the counters hold exactly the reservations that came back.
        var product = await new StockApiClient(http).GetProductAsync(sku);
        Assert.Equal(found, product.GetProperty("reserved").GetInt64());
        Assert.True(found >= syncedBeforeKill, $"{syncedBeforeKill} reservations were in PostgreSQL but only {found} came back");
        if (persistence == "always")
        {
            Assert.Equal(0, lost);
        }

        if (persistence == "none")
        {
            // An empty Redis is refilled from PostgreSQL: exactly what the write-behind had written.
            Assert.Equal(syncedBeforeKill, found);
        }
    }

    [Fact]
    public async Task A_redis_restored_from_older_files_is_caught_up_from_postgres()
    {
        await using var schema = await IsolatedSchema.CreateAsync();
        await using var redis = await RedisServerProcess.StartAsync("always");
        var sku = TestEnvironment.NewSku("RB");
        List<string> ids;
        MirrorState expected;
        var saved = Path.Combine(redis.Directory, "saved");
        await using (var api = PrivateRedisApi.Start(fixture.Factory, redis, schema))
        {
            var client = new StockApiClient(api.CreateClient());
            await client.CreateProductAsync(sku, 1_000, "redis");
            ids = await RedisKillRun.ReserveManyAsync(client, sku, 10, Concurrency);
            await AwaitSyncedAsync(schema, api.CreateClient(), sku, ids);
            // Redis's files as of now; what follows is synced, then "lost" by putting these back.
            CopyDirectory(Path.Combine(redis.Directory, "appendonlydir"), saved);
            ids.AddRange(await RedisKillRun.ReserveManyAsync(client, sku, 10, Concurrency));
            foreach (var id in ids.Take(3))
            {
                using var confirm = await client.PostAsync($"/api/products/{sku}/reservations/{id}/confirm", null);
                Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
            }

            expected = await AwaitSyncedAsync(schema, api.CreateClient(), sku, ids);
            await redis.KillAsync();
        }

        Directory.Delete(Path.Combine(redis.Directory, "appendonlydir"), recursive: true);
        Directory.Move(saved, Path.Combine(redis.Directory, "appendonlydir"));
        await redis.RestartAsync();
        await using var restarted = PrivateRedisApi.Start(fixture.Factory, redis, schema);
        using var http = restarted.CreateClient();

        var recovered = await MirrorState.ReadApiAsync(http, sku, ids);
        Assert.True(recovered.Matches(expected), $"Redis after recovery [{recovered}] differs from what was synced [{expected}]");
        var client2 = new StockApiClient(http);
        ids.AddRange(await RedisKillRun.ReserveManyAsync(client2, sku, 1, Concurrency));
        await AwaitSyncedAsync(schema, http, sku, ids);
    }

    [Fact]
    public async Task While_redis_is_down_requests_are_503_and_once_it_is_back_they_are_served()
    {
        await using var schema = await IsolatedSchema.CreateAsync();
        await using var redis = await RedisServerProcess.StartAsync("always");
        await using var api = PrivateRedisApi.Start(fixture.Factory, redis, schema);
        var client = new StockApiClient(api.CreateClient());
        var sku = TestEnvironment.NewSku("RD");
        await client.CreateProductAsync(sku, 10, "redis");
        await client.ReserveOkAsync(sku, 1);

        await redis.KillAsync();
        using (var down = await client.ReserveAsync(sku, 1))
        {
            await StockApiClient.ReadProblemAsync(down, HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.NotNull(down.Headers.RetryAfter);
        }

        await redis.RestartAsync();
        // The client reconnects on its own schedule and the engine reconciles before serving: poll the outcome.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpStatusCode status;
        do
        {
            using var again = await client.ReserveAsync(sku, 1);
            status = again.StatusCode;
            if (status == HttpStatusCode.Created || DateTime.UtcNow > deadline)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            await Task.Delay(100);
        }
        while (true);

        Assert.Equal(HttpStatusCode.Created, status);
        var product = await client.GetProductAsync(sku);
        Assert.Equal((8L, 2L), (product.GetProperty("available").GetInt64(), product.GetProperty("reserved").GetInt64()));
    }

    private static async Task<MirrorState> AwaitSyncedAsync(IsolatedSchema schema, HttpClient http, string sku, IEnumerable<string> ids)
    {
        var expected = await MirrorState.ReadApiAsync(http, sku, ids);
        var synced = await MirrorState.AwaitPostgresAsync(schema.ConnectionString, sku, expected, DateTime.UtcNow.AddSeconds(10));
        Assert.True(synced is not null && synced.Matches(expected), $"PostgreSQL [{synced}] never caught up with Redis [{expected}]");
        return expected;
    }

    private static async Task<long> CountInPostgresAsync(IsolatedSchema schema, List<string> ids)
    {
        await using var connection = new NpgsqlConnection(schema.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from sql_reservations where id = any($1)", connection);
        command.Parameters.Add(new() { Value = ids.ToArray() });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
