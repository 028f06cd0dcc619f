using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>
/// The guide's Redis time and DB-sync time, and the sync lag, on /metrics. Its own API host: OpenTelemetry
/// listens to meters by name process-wide, and only one API process holds the sync lock, so another live
/// host in the same test process would blur the counts or do the syncing.
/// </summary>
public sealed partial class RedisMetricsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Script_time_sync_batches_sync_time_and_lag_are_exported()
    {
        var api = new StockApiClient(fixture.Client);
        var sku = TestEnvironment.NewSku("RM");
        await api.CreateProductAsync(sku, 10, "redis");
        var before = await ScrapeAsync();
        var id = (await api.ReserveOkAsync(sku, 2)).GetProperty("reservationId").GetString()!;
        await MirrorState.AwaitPostgresAsync(
            TestEnvironment.Postgres, sku, await MirrorState.ReadApiAsync(fixture.Client, sku, [id]), DateTime.UtcNow + (3 * new RedisEngineOptions().SyncInterval));

        var after = await ScrapeAsync();

        Assert.True(Sum(after, "stock_redis_script_duration_milliseconds_count", "script=\"reserve\"") > Sum(before, "stock_redis_script_duration_milliseconds_count", "script=\"reserve\""));
        Assert.True(Sum(after, "stock_redis_synced_total") > Sum(before, "stock_redis_synced_total"), "the sync must count what it wrote");
        Assert.True(Sum(after, "stock_redis_sync_batch_size_count") > Sum(before, "stock_redis_sync_batch_size_count"));
        Assert.True(Sum(after, "stock_redis_sync_duration_milliseconds_count") > Sum(before, "stock_redis_sync_duration_milliseconds_count"));
        Assert.Matches(@"(?m)^stock_redis_sync_lag_milliseconds(\{[^}]*\})? [0-9.eE+-]+", after);
    }

    private async Task<string> ScrapeAsync() => await fixture.Client.GetStringAsync("/metrics");

    private static double Sum(string metrics, string name, string? label = null) => MetricLine().Matches(metrics)
        .Where(m => m.Groups["name"].Value == name && (label is null || m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
        .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex MetricLine();
}
