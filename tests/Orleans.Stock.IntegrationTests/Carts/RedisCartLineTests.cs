using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Tests.Infrastructure;
using StackExchange.Redis;

namespace Orleans.Stock.Tests.Carts;

/// <summary>
/// A cart's redis lines go to Redis as one script: counted by the script-time metric (by script
/// name, on this API host's own meters), and seen in the products' versions, which move with every
/// change the engine makes, so a line taken and then compensated would show.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RedisCartLineTests(ApiFixture fixture)
{
    private static readonly CartCase Redis = CartCase.Of("redis");
    private readonly CartClient _carts = new(fixture.Client);

    [Fact]
    public async Task A_cart_of_redis_lines_is_one_script_run()
    {
        var skus = await _carts.CreateProductsAsync(Redis, 10, 10, 10);
        using var scripts = ScriptRuns();

        await _carts.CreateOkAsync(Redis, "user-1", null, (skus[0], 1), (skus[1], 2), (skus[2], 3));

        var runs = Count(scripts);
        Assert.Equal(1, runs.GetValueOrDefault(ReserveLinesName));
        Assert.Equal(0, runs.GetValueOrDefault("reserve"));
        Assert.Equal(new long[] { 1, 2, 3 }, await Task.WhenAll(skus.Select(_carts.ReservedAsync)));
    }

    [Fact]
    public async Task A_redis_line_short_of_stock_leaves_the_other_redis_lines_untouched()
    {
        var skus = await _carts.CreateProductsAsync(Redis, 10, 2, 10);
        var before = await Task.WhenAll(skus.Select(_carts.Api.GetProductAsync));
        using var scripts = ScriptRuns();

        using var response = await _carts.CreateAsync(Redis, "user-2", null, (skus[0], 4), (skus[1], 3), (skus[2], 4));

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.Conflict, "insufficient-stock");
        Assert.Equal(skus[1], problem.GetProperty("sku").GetString());
        Assert.Equal(2, problem.GetProperty("available").GetInt64());
        // Taken and given back would leave the counters as they were but move the version (and the
        // change stream) twice; nothing taken moves nothing.
        for (var i = 0; i < skus.Length; i++)
        {
            var after = await _carts.Api.GetProductAsync(skus[i]);
            Assert.Equal(before[i].GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
            Assert.Equal(before[i].GetProperty("available").GetInt64(), after.GetProperty("available").GetInt64());
        }

        var runs = Count(scripts);
        Assert.Equal(1, runs.GetValueOrDefault(ReserveLinesName));
        Assert.False(runs.ContainsKey("reserve"), "no line was reserved on its own");
        Assert.False(runs.ContainsKey("complete"), "nothing was taken, so nothing was compensated");
    }

    [Fact]
    public async Task Lines_whose_products_redis_lacks_are_loaded_and_the_cart_reserved()
    {
        var skus = await _carts.CreateProductsAsync(Redis, 10, 10, 10);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis!))
        {
            // What a Redis that restarted empty lacks: the second and third products.
            Assert.True(await redis.GetDatabase().KeyDeleteAsync(RedisKeys.Counters(skus[1])));
            Assert.True(await redis.GetDatabase().KeyDeleteAsync(RedisKeys.Counters(skus[2])));
        }

        var cart = await _carts.CreateOkAsync(Redis, "user-3", null, (skus[0], 1), (skus[1], 2), (skus[2], 3));

        Assert.Equal(3, cart.GetProperty("lines").GetArrayLength());
        Assert.Equal(new long[] { 1, 2, 3 }, await Task.WhenAll(skus.Select(_carts.ReservedAsync)));
        Assert.Equal(new long[] { 9, 8, 7 }, await Task.WhenAll(skus.Select(_carts.AvailableAsync)));
    }

    private static string ReserveLinesName => Orleans.Stock.Engines.Redis.Scripts.ReserveLinesScript.Script.Name;

    private MetricCollector<double> ScriptRuns() => new(
        fixture.Factory.Services.GetRequiredService<IMeterFactory>(), RedisEngineMetrics.MeterName, "stock.redis.script.duration");

    private static Dictionary<string, int> Count(MetricCollector<double> scripts) => scripts.GetMeasurementSnapshot()
        .GroupBy(m => (string)m.Tags["script"]!)
        .ToDictionary(g => g.Key, g => g.Count());
}
