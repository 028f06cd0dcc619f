using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Stock.Grains.Stock;
using Orleans.Stock.Silo;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Cluster;

/// <summary>The silo's own Prometheus endpoint: where the group-commit batch sizes can be seen.</summary>
public sealed class SiloMetricsTests
{
    [Fact]
    public async Task A_silo_with_a_metrics_port_serves_the_batch_size_histogram_in_powers_of_two()
    {
        var port = PortFinder.Take(1, 19_300)[0];
        using var host = HostWith(("Silo:MetricsPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await host.StartAsync();
        var metrics = host.Services.GetRequiredService<StockGrainMetrics>();

        metrics.Appended(commands: 3, events: 3, milliseconds: 1.5);
        metrics.Appended(commands: 40, events: 40, milliseconds: 2.5);
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        await host.StopAsync();

        Assert.Equal(2, Value(text, "stock_grain_batch_commands_count"));
        Assert.Equal(43, Value(text, "stock_grain_batch_commands_sum"));
        // Cumulative buckets: 3 falls in (2, 4], 40 in (32, 64].
        Assert.Equal(0, Value(text, "stock_grain_batch_commands_bucket", "le=\"2\""));
        Assert.Equal(1, Value(text, "stock_grain_batch_commands_bucket", "le=\"4\""));
        Assert.Equal(1, Value(text, "stock_grain_batch_commands_bucket", "le=\"32\""));
        Assert.Equal(2, Value(text, "stock_grain_batch_commands_bucket", "le=\"64\""));
    }

    [Fact]
    public async Task Without_a_metrics_port_the_silo_listens_on_nothing_more()
    {
        var port = PortFinder.Take(1, 19_300)[0];
        using var host = HostWith();
        await host.StartAsync();
        using var http = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")));
        await host.StopAsync();
    }

    private static IHost HostWith(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<StockGrainMetrics>();
        builder.AddStockSiloMetrics();
        return builder.Build();
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> whose labels contain <paramref name="label"/>.</summary>
    private static double Value(string text, string metric, string label = "")
    {
        var line = Assert.Single(
            text.Split('\n').Select(l => l.Trim()),
            l => (l.StartsWith(metric + " ", StringComparison.Ordinal) || l.StartsWith(metric + "{", StringComparison.Ordinal)) && l.Contains(label, StringComparison.Ordinal));
        var afterLabels = line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[metric.Length..];
        return double.Parse(afterLabels.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
