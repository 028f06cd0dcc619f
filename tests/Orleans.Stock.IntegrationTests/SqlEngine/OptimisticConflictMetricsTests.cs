using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.SqlEngine;

/// <summary>
/// Conflicts and retries on /metrics. Its own API host: OpenTelemetry listens to meters by name
/// process-wide, so a second live host in the same test process would blur the counts.
/// </summary>
public sealed partial class OptimisticConflictMetricsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Contention_is_counted_as_conflicts_and_retries_and_never_oversells()
    {
        var api = new StockApiClient(fixture.Client);
        var sku = TestEnvironment.NewSku();
        await api.CreateProductAsync(sku, 1_000, "sql:optimistic");
        var before = await MetricsAsync(fixture.Client);

        var replies = await ConcurrentReservations.ReserveAsync(api, sku);

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Contains(replies, r => r.Attempts > 1);
        var after = await MetricsAsync(fixture.Client);
        Assert.True(after.Conflicts - before.Conflicts > 0, "contention on one row must produce optimistic conflicts");
        Assert.True(after.OptimisticAttempts - before.OptimisticAttempts > ConcurrentReservations.Clients, "conflicts must be retried");
        var product = await api.GetProductAsync(sku);
        Assert.Equal(ConcurrentReservations.Clients, product.GetProperty("reserved").GetInt64());
    }

    private static async Task<(double Conflicts, double OptimisticAttempts)> MetricsAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        return (Sum(text, "stock_sql_conflicts_total"), Sum(text, "stock_sql_attempts_total", "optimistic"));
    }

    private static double Sum(string metrics, string name, string? strategy = null) => MetricLine().Matches(metrics)
        .Where(m => m.Groups["name"].Value == name && (strategy is null || m.Groups["labels"].Value.Contains($"strategy=\"{strategy}\"", StringComparison.Ordinal)))
        .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex MetricLine();

}
