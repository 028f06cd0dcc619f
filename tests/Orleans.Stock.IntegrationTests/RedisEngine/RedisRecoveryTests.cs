using System.Net;
using System.Net.Http.Json;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Engines.Redis.Scripts;
using Orleans.Stock.Tests.Infrastructure;
using StackExchange.Redis;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>What the engine does when Redis lacks what it needs: products, scripts, old reservations, Redis itself.</summary>
[Collection(ApiCollection.Name)]
public sealed class RedisRecoveryTests(ApiFixture fixture)
{
    private readonly StockApiClient _api = new(fixture.Client);

    [Fact]
    public async Task A_product_missing_from_redis_is_loaded_back_from_postgres_with_its_reservations_and_keys()
    {
        var sku = TestEnvironment.NewSku("RL");
        await _api.CreateProductAsync(sku, 20, "redis");
        using var keyed = await _api.ReserveAsync(sku, 2, "user-1", 600, idempotencyKey: "order-1");
        var keyedId = (await StockApiClient.ReadJsonAsync(keyed)).GetProperty("reservationId").GetString()!;
        var confirmedId = (await _api.ReserveOkAsync(sku, 3)).GetProperty("reservationId").GetString()!;
        using (var confirm = await _api.PostAsync($"/api/products/{sku}/reservations/{confirmedId}/confirm", null))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        var before = await MirrorState.ReadApiAsync(fixture.Client, sku, [keyedId, confirmedId]);
        await AwaitSyncedAsync(sku, before);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis!);
        await DeleteProductKeysAsync(redis, sku);

        var after = await MirrorState.ReadApiAsync(fixture.Client, sku, [keyedId, confirmedId]);
        Assert.True(after.Matches(before), $"reloaded [{after}] differs from before the loss [{before}]");
        using var replay = await _api.ReserveAsync(sku, 2, "user-1", 600, idempotencyKey: "order-1");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(keyedId, (await StockApiClient.ReadJsonAsync(replay)).GetProperty("reservationId").GetString());
        using var cancel = await _api.PostAsync($"/api/products/{sku}/reservations/{keyedId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var product = await _api.GetProductAsync(sku);
        Assert.Equal((17L, 0L, 3L), (product.GetProperty("available").GetInt64(), product.GetProperty("reserved").GetInt64(), product.GetProperty("sold").GetInt64()));
        Assert.Equal(before.Version + 1, product.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_product_loaded_back_keeps_its_maxPerUser_and_what_each_user_holds()
    {
        var sku = TestEnvironment.NewSku("RM");
        await _api.CreateProductAsync(sku, 20, "redis", maxPerUser: 3);
        var confirmedId = await ReserveIdAsync(sku, 1);
        using (var confirm = await _api.PostAsync($"/api/products/{sku}/reservations/{confirmedId}/confirm", null))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        var pendingId = await ReserveIdAsync(sku, 1);
        var cancelledId = await ReserveIdAsync(sku, 1);
        using (var cancel = await _api.PostAsync($"/api/products/{sku}/reservations/{cancelledId}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        await AwaitSyncedAsync(sku, await MirrorState.ReadApiAsync(fixture.Client, sku, [confirmedId, pendingId, cancelledId]));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis!);
        await DeleteProductKeysAsync(redis, sku);

        // Loaded back from PostgreSQL: the confirmed and the pending unit count, the cancelled one does not.
        using var over = await _api.ReserveAsync(sku, 2, "holder");
        var problem = await StockApiClient.ReadProblemAsync(over, HttpStatusCode.Conflict, "limit-exceeded");
        Assert.Equal(3, problem.GetProperty("maxPerUser").GetInt32());
        Assert.Equal(2, problem.GetProperty("held").GetInt64());
        Assert.Equal(3, (await _api.GetProductAsync(sku)).GetProperty("maxPerUser").GetInt32());
        await ReserveIdAsync(sku, 1);
    }

    [Fact]
    public async Task A_completed_reservation_redis_no_longer_keeps_is_answered_from_postgres()
    {
        var sku = TestEnvironment.NewSku("RP");
        await _api.CreateProductAsync(sku, 10, "redis");
        var id = (await _api.ReserveOkAsync(sku, 4)).GetProperty("reservationId").GetString()!;
        using (var confirm = await _api.PostAsync($"/api/products/{sku}/reservations/{id}/confirm", null))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        await AwaitSyncedAsync(sku, await MirrorState.ReadApiAsync(fixture.Client, sku, [id]));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis!);
        // What the retention does to a completed reservation.
        Assert.True(await redis.GetDatabase().KeyDeleteAsync(RedisKeys.Reservation(sku, id)));

        using var read = await fixture.Client.GetAsync($"/api/products/{sku}/reservations/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("confirmed", (await StockApiClient.ReadJsonAsync(read)).GetProperty("status").GetString());
        using var again = await _api.PostAsync($"/api/products/{sku}/reservations/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var cancel = await _api.PostAsync($"/api/products/{sku}/reservations/{id}/cancel", null);
        var problem = await StockApiClient.ReadProblemAsync(cancel, HttpStatusCode.Conflict, "reservation-not-pending");
        Assert.Equal("confirmed", problem.GetProperty("reservationStatus").GetString());
        using var unknown = await fixture.Client.GetAsync($"/api/products/{sku}/reservations/{Guid.NewGuid():N}");
        await StockApiClient.ReadProblemAsync(unknown, HttpStatusCode.NotFound, "reservation-not-found");
    }

    [Fact]
    public async Task Scripts_flushed_from_redis_are_sent_again()
    {
        var sku = TestEnvironment.NewSku("RF");
        await _api.CreateProductAsync(sku, 10, "redis");
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{TestEnvironment.Redis},allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        await server.ScriptFlushAsync();
        Assert.False(await server.ScriptExistsAsync(ReserveScript.Script.Sha1));

        await _api.ReserveOkAsync(sku, 1);

        Assert.True(await server.ScriptExistsAsync(ReserveScript.Script.Sha1));
        Assert.Equal(9, (await _api.GetProductAsync(sku)).GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task Without_a_redis_the_engine_is_not_offered()
    {
        await using var factory = fixture.Factory.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:RedisEngine", ""));
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/products", new { sku = TestEnvironment.NewSku(), name = "Mug", initialStock = 1, engine = "redis" });

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("engine", out _));
    }

    private async Task<string> ReserveIdAsync(string sku, int quantity)
    {
        using var response = await _api.ReserveAsync(sku, quantity, "holder");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("reservationId").GetString()!;
    }

    private static async Task AwaitSyncedAsync(string sku, MirrorState expected)
    {
        var synced = await MirrorState.AwaitPostgresAsync(TestEnvironment.Postgres, sku, expected, DateTime.UtcNow.AddSeconds(10));
        Assert.True(synced is not null && synced.Matches(expected), $"PostgreSQL [{synced}] never caught up with Redis [{expected}]");
    }

    /// <summary>Every key of the SKU, as an emptied Redis would lack them.</summary>
    private static async Task DeleteProductKeysAsync(ConnectionMultiplexer redis, string sku)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: $"stock:{{{sku}}}:*"))
        {
            keys.Add(key);
        }

        Assert.True(keys.Count >= 4, $"expected the SKU's counters, expiry, reservations and key; found {keys.Count}");
        await redis.GetDatabase().KeyDeleteAsync([.. keys]);
    }
}
