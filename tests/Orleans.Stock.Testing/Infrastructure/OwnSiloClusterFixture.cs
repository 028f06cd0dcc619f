using Microsoft.Extensions.DependencyInjection;
using Orleans.Stock.Grains.Stock;
using Orleans.TestingHost;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// One silo of its own, so that its stock grain counters (<see cref="Metrics"/>) and its cache of finished
/// reservations (<see cref="Finished"/>) hold only what the tests using it did. Its expiry reminder waits an
/// hour, so whatever expires during a test there was released by the grains' own timers; its cache holds
/// two finished reservations, so a test can push one out with a little work on another product.
/// </summary>
public sealed class OwnSiloClusterFixture : IAsyncLifetime
{
    public const int FinishedCapacity = 2;

    private TestCluster? _cluster;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Cluster not started.");

    public StockGrainMetrics Metrics => Services.GetRequiredService<StockGrainMetrics>();

    public FinishedReservations Finished => Services.GetRequiredService<FinishedReservations>();

    private IServiceProvider Services => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    public async Task InitializeAsync() =>
        _cluster = await StockCluster.StartAsync(silos: 1, configure: b => b.AddSiloBuilderConfigurator<TunedSiloConfigurator>());

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    public sealed class TunedSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.Services.PostConfigure<StockGrainOptions>(o =>
            {
                o.ExpiryReminderPeriod = TimeSpan.FromHours(1);
                o.FinishedCapacity = FinishedCapacity;
            });
    }
}
