using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Cluster;

/// <summary>Three silos and two APIs as real processes on Redis membership, shared by the loopback failover tests.</summary>
public sealed class LoopbackClusterFixture : IAsyncLifetime
{
    public const int Silos = 3;
    public const int Apis = 2;

    private LoopbackCluster? _cluster;

    public LoopbackCluster Cluster => _cluster ?? throw new InvalidOperationException("Cluster not started.");

    public async Task InitializeAsync() => _cluster = await LoopbackCluster.StartAsync(Silos, Apis, TimeSpan.FromSeconds(90));

    /// <summary>
    /// Restarts any silo an earlier test stopped, killed or left frozen, so every test begins with
    /// the full cluster.
    /// </summary>
    public async Task RestoreAsync()
    {
        var active = await Cluster.ActiveSilosAsync();
        for (var i = 0; i < Silos; i++)
        {
            if (Cluster.Silo(i) is { HasExited: false } running && !active.Contains(i))
            {
                running.KillHard();
                await running.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }

            if (Cluster.Silo(i) is null or { HasExited: true })
            {
                Cluster.StartSilo(i);
            }
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Cluster.WaitForActiveSilosAsync(Silos, deadline.Token);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
