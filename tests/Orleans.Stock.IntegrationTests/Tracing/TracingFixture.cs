using Orleans.Stock.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Stock.Tests.Tracing;

/// <summary>One traced silo and the traced API in front of it, both sampling at the same ratio.</summary>
public abstract class TracingFixture(double sampleRatio) : IAsyncLifetime
{
    private TestCluster? _cluster;
    private TracedApiFactory? _api;

    public TracedApiFactory Api => _api ?? throw new InvalidOperationException("API not started.");

    public static SpanCollection SiloSpans => TracedSiloConfigurator.Spans;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        TracedSiloConfigurator.Spans.Clear();
        _cluster = await StockCluster.StartAsync(silos: 1, configure: builder =>
        {
            builder.AddSiloBuilderConfigurator<TracedSiloConfigurator>();
            foreach (var (key, value) in TracingSettings.For(sampleRatio))
            {
                builder.Properties[key] = value!;
            }
        });
        _api = new TracedApiFactory(_cluster, sampleRatio);
        Client = _api.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>Every trace recorded.</summary>
public sealed class SampledTracingFixture() : TracingFixture(1.0);

/// <summary>No trace started here recorded; a caller's sampled trace still followed.</summary>
public sealed class UnsampledTracingFixture() : TracingFixture(0.0);
