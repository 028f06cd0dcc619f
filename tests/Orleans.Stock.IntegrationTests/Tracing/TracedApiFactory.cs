using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;
using Orleans.Stock.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Stock.Tests.Tracing;

/// <summary>The real API with tracing switched on at <paramref name="sampleRatio"/>, its spans into <see cref="Spans"/>.</summary>
public sealed class TracedApiFactory(TestCluster cluster, double sampleRatio) : ApiFactory(cluster, TracingSettings.For(sampleRatio))
{
    public SpanCollection Spans { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Only takes effect when the API registered tracing itself: the exporter is all the test adds.
        builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
    }
}
