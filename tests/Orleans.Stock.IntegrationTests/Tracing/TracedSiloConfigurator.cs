using OpenTelemetry.Trace;
using Orleans.Stock.Silo;
using Orleans.TestingHost;

namespace Orleans.Stock.Tests.Tracing;

/// <summary>
/// A stock silo traced as <c>src/Silo/Program.cs</c> traces it, its tracing settings from the cluster's
/// properties, its spans into <see cref="Spans"/>. Static because TestingHost makes configurators by type;
/// the tests using it run one after another (the assembly runs collections one at a time).
/// </summary>
public sealed class TracedSiloConfigurator : ISiloConfigurator
{
    public static SpanCollection Spans { get; } = new();

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddStockSiloTracing(siloBuilder.Configuration);
        siloBuilder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
    }
}
