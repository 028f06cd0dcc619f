using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Tests.Infrastructure;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Orleans.Stock.Tests.Cluster;

/// <summary>
/// A three-silo TestCluster behind the real API: the silo that hosts most hot SKUs is killed while
/// HTTP clients reserve and confirm. The API's retries carry the calls over to the reactivated
/// grains; afterwards every acknowledged change is in the ledger and nothing is oversold.
/// </summary>
public sealed class SiloKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_silo_that_hosts_hot_skus_under_load_keeps_every_acknowledged_reservation()
    {
        var cluster = await StockCluster.StartAsync(silos: 3);
        try
        {
            var probe = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
            output.WriteLine($"membership: probe {probe.ProbeTimeout}, missed probes {probe.NumMissedProbesLimit}, votes {probe.NumVotesForDeathDeclaration}");

            await using var factory = new ApiFactory(cluster);
            using var api = factory.CreateClient();
            var skus = await HotSkus.CreateAsync(api, plenty: 8);
            var load = new ReservationLoad([api], skus, workersPerApi: 8);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var run = load.RunAsync(maxRequests: 40_000, stop.Token);
            Assert.True(await load.WaitForRequestsAsync(150, run, TimeSpan.FromSeconds(20)), "the load warms up");

            // The primary holds the TestCluster's membership table, so the victim is a secondary.
            var victim = await HottestSecondaryAsync(cluster, skus);
            var faultAt = load.Now;
            await cluster.KillSiloAsync(victim);
            var declaredDead = Stopwatch.StartNew();
            await WaitForActiveSilosAsync(cluster, 2);
            output.WriteLine($"killed {victim.SiloAddress}; declared dead after {declaredDead.Elapsed.TotalSeconds:F1} s");
            // Served again: requests sent after the cluster settled are answered (bounded wait).
            var settledAt = load.Now;
            var servedAgain = await load.WaitForServedSinceAsync(settledAt, 100, run, TimeSpan.FromSeconds(20));
            await stop.CancelAsync();
            await run;

            var timeline = new LoadTimeline([.. load.Samples], faultAt, TimeSpan.FromSeconds(1));
            output.WriteLine(timeline.Describe($"kill of {victim.SiloAddress}"));
            var violations = await FailoverAudit.RunAsync(load.Samples, [.. skus.Select(s => s.Sku)]);
            Assert.True(violations.Count == 0, string.Join('\n', violations.Take(20)));
            await HotSkus.AssertInvariantsAsync(api, skus);
            Assert.True(servedAgain, $"served after the cluster settled: {load.ServedSince(settledAt)} requests");
            Assert.Empty(timeline.Errors);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private async Task<SiloHandle> HottestSecondaryAsync(TestCluster cluster, IReadOnlyList<LoadSku> skus)
    {
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var hosts = new List<SiloAddress>();
        foreach (var sku in skus)
        {
            if (await management.GetActivationAddress(cluster.Client.GetGrain<IStockGrain>(sku.Sku)) is { } host)
            {
                hosts.Add(host);
            }
        }

        output.WriteLine($"SKU activations per silo: {string.Join(", ", hosts.GroupBy(h => h).Select(g => $"{g.Key}: {g.Count()}"))}");
        var victim = cluster.SecondarySilos.MaxBy(s => hosts.Count(h => h.Equals(s.SiloAddress)))!;
        Assert.Contains(victim.SiloAddress, hosts);
        return victim;
    }

    /// <summary>
    /// Waits until the primary (never the victim) sees <paramref name="count"/> active silos. Its own
    /// membership view, not the management grain: that grain may have lived on the killed silo, and a
    /// call to it would wait out the 30 s response timeout instead of the membership change.
    /// </summary>
    private static async Task WaitForActiveSilosAsync(TestCluster cluster, int count)
    {
        var membership = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services.GetRequiredService<IClusterMembershipService>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) != count)
        {
            await Task.Delay(100, deadline.Token);
        }
    }
}
