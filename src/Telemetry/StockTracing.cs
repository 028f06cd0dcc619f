using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orleans.Stock.Telemetry;

/// <summary>
/// The tracing both hosts share: a parent-based ratio sampler, PostgreSQL's spans and, when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or its traces-only form) is set, the OTLP exporter, which reads
/// the other <c>OTEL_EXPORTER_OTLP_*</c> variables itself.
/// </summary>
public static class StockTracing
{
    private static readonly string[] OtlpEndpointVariables = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];

    /// <summary>Whether this process traces; decided once at startup, as the registrations depend on it.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetSection(StockTracingOptions.Section).GetValue<bool?>(nameof(StockTracingOptions.Enabled))
        ?? HasOtlpEndpoint(configuration);

    /// <summary>
    /// Registers tracing when <see cref="IsEnabled"/>; <paramref name="instrument"/> adds what only the
    /// calling host has. Returns whether it did, so the host can leave its own hooks out when it did not.
    /// </summary>
    public static bool AddStockTracing(this IServiceCollection services, IConfiguration configuration, string serviceName, Action<TracerProviderBuilder> instrument)
    {
        services.AddOptions<StockTracingOptions>().Bind(configuration.GetSection(StockTracingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (!IsEnabled(configuration))
        {
            return false;
        }

        var otlp = HasOtlpEndpoint(configuration);
        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the process; a name added here would override it.
                if (string.IsNullOrEmpty(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(serviceName);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.SetSampler(provider => new ParentBasedSampler(
                    new TraceIdRatioBasedSampler(provider.GetRequiredService<IOptions<StockTracingOptions>>().Value.SampleRatio)));
                tracing.AddNpgsql();
                instrument(tracing);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return true;
    }

    private static bool HasOtlpEndpoint(IConfiguration configuration) =>
        OtlpEndpointVariables.Any(name => !string.IsNullOrWhiteSpace(configuration[name]));
}
