using Orleans.TestingHost;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>One two-silo cluster shared by the tests of a collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Cluster not started.");

    public async Task InitializeAsync() => _cluster = await StockCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }
}
