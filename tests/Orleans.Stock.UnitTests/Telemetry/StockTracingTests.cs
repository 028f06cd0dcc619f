using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using Orleans.Stock.Telemetry;

namespace Orleans.Stock.Tests.Telemetry;

/// <summary>When tracing is registered at all, and what a bad ratio does.</summary>
public sealed class StockTracingTests
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "http://127.0.0.1:4317", true)]
    [InlineData("false", "http://127.0.0.1:4317", false)]
    [InlineData("true", null, true)]
    public void Tracing_is_registered_when_enabled_or_when_an_endpoint_is_configured(string? enabled, string? endpoint, bool expected)
    {
        var configuration = Configuration(new()
        {
            ["Stock:Tracing:Enabled"] = enabled,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
        });
        var services = new ServiceCollection();

        var registered = services.AddStockTracing(configuration, "test", _ => { });

        Assert.Equal(expected, registered);
        Assert.Equal(expected, StockTracing.IsEnabled(configuration));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(expected, provider.GetService<TracerProvider>() is not null);
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("1.5")]
    public void A_ratio_outside_0_to_1_is_refused(string ratio)
    {
        var services = new ServiceCollection();
        services.AddStockTracing(Configuration(new() { ["Stock:Tracing:Enabled"] = "true", ["Stock:Tracing:SampleRatio"] = ratio }), "test", _ => { });
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StockTracingOptions>>().Value);
        Assert.Contains(nameof(StockTracingOptions.SampleRatio), refused.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
