using Microsoft.Extensions.DependencyInjection;
using Orleans.Stock.Grains.Stock;
using Orleans.TestingHost;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// One silo of its own, so that its stock grain counters (<see cref="Metrics"/>) count only what the tests
/// using it did, and whose expiry reminder waits an hour: whatever expires during a test there was released
/// by the grains' own timers.
/// </summary>
public sealed class TimerOnlyClusterFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Cluster not started.");

    public StockGrainMetrics Metrics => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<StockGrainMetrics>();

    public async Task InitializeAsync() =>
        _cluster = await StockCluster.StartAsync(silos: 1, configure: b => b.AddSiloBuilderConfigurator<HourlyReminderConfigurator>());

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    public sealed class HourlyReminderConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.Services.PostConfigure<StockGrainOptions>(o => o.ExpiryReminderPeriod = TimeSpan.FromHours(1));
    }
}
