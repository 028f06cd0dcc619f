using OpenTelemetry.Metrics;
using Orleans.Stock.Grains.Stock;

namespace Orleans.Stock.Silo;

/// <summary>
/// The silo's own Prometheus endpoint. The write loop's measurements (how many commands one group
/// commit carries, how long an append takes) exist only in the silo process, so the API's
/// <c>/metrics</c> cannot show them; a silo is a plain generic host, hence the HttpListener exporter
/// rather than ASP.NET Core.
/// </summary>
public static class SiloMetricsExtensions
{
    /// <summary>Serves <c>http://{Silo:MetricsAddress}:{Silo:MetricsPort}/metrics</c> when that port is set.</summary>
    public static IHostApplicationBuilder AddStockSiloMetrics(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SiloHostOptions.Section);
        var port = section.GetValue<int>(nameof(SiloHostOptions.MetricsPort));
        var address = section.GetValue<string>(nameof(SiloHostOptions.MetricsAddress)) ?? new SiloHostOptions().MetricsAddress;
        if (port <= 0)
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(StockGrainMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddPrometheusHttpListener(o =>
            {
                o.Host = address;
                o.Port = port;
                o.ScrapeEndpointPath = "/metrics";
                // As in the API: a scrape right after a batch must show it (the benchmark's deltas).
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            }));
        return builder;
    }
}
