using System.Diagnostics;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Stock.Tests.Cluster;

/// <summary>
/// The deployment of scripts/run.sh with STOCK_SILOS=3 STOCK_APIS=2, as real processes: a silo
/// that hosts hot SKUs is killed -9, stopped with SIGTERM, or frozen and later woken, while HTTP
/// clients reserve and confirm through both APIs. Afterwards the ledger must hold every
/// acknowledged change, nothing more, and never an oversold SKU. Clients must have seen no error
/// for a crash or a graceful stop (the API retries within its budget); a frozen silo takes longer
/// to be declared dead, so there a 503 is allowed, never another error.
/// </summary>
public sealed class LoopbackFailoverTests(LoopbackClusterFixture fixture, ITestOutputHelper output) : IClassFixture<LoopbackClusterFixture>
{
    private const int WorkersPerApi = 4;
    private const int MaxRequests = 40_000;
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(1);
    // Served again: this many requests sent after the cluster settled were answered.
    private const int ServedAgain = 100;

    private LoopbackCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Kill_9_of_a_silo_hosting_hot_skus_loses_no_acknowledgement_and_recovers_in_seconds()
    {
        var (skus, load, run, stop) = await StartLoadAsync();
        try
        {
            var victim = await HottestSiloAsync(skus);
            var faultAt = load.Now;
            Cluster.Silo(victim)!.KillHard();

            var declaredDead = Stopwatch.StartNew();
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await Cluster.WaitForActiveSilosAsync(LoopbackClusterFixture.Silos - 1, deadline.Token);
            }

            output.WriteLine($"silo {victim} killed -9; declared dead after {declaredDead.Elapsed.TotalSeconds:F1} s");
            var (timeline, servedAgain, served) = await SettleAndStopAsync(load, run, stop, faultAt, $"kill -9 of silo {victim}");
            await AssertAuditedAsync(load, skus);
            Assert.True(timeline.Before > 0, "the load ran before the kill");
            Assert.True(servedAgain, $"served after the cluster settled: {served} requests");
            Assert.True(timeline.RecoveredAfter < TimeSpan.FromSeconds(30), $"recovered after {timeline.RecoveredAfter}");
            Assert.Empty(timeline.Errors);
        }
        catch
        {
            output.WriteLine(Cluster.Logs());
            throw;
        }
        finally
        {
            await StopAsync(stop, run);
            stop.Dispose();
        }
    }

    [Fact]
    public async Task Sigterm_of_a_silo_hosting_hot_skus_drains_it_with_no_error_seen_by_clients()
    {
        var (skus, load, run, stop) = await StartLoadAsync();
        try
        {
            var victim = await HottestSiloAsync(skus);
            var silo = Cluster.Silo(victim)!;
            var faultAt = load.Now;
            silo.Terminate();

            var stopping = Stopwatch.StartNew();
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await silo.WaitForExitAsync(deadline.Token);
            }

            output.WriteLine($"silo {victim} stopped by SIGTERM in {stopping.Elapsed.TotalSeconds:F1} s, exit code {silo.ExitCode}");
            var (timeline, servedAgain, served) = await SettleAndStopAsync(load, run, stop, faultAt, $"SIGTERM of silo {victim}");
            Assert.Equal(0, silo.ExitCode);
            await AssertAuditedAsync(load, skus);
            Assert.True(timeline.Before > 0, "the load ran before the stop");
            Assert.True(servedAgain, $"served after the silo left: {served} requests");
            Assert.Empty(timeline.Errors);
        }
        catch
        {
            output.WriteLine(Cluster.Logs());
            throw;
        }
        finally
        {
            await StopAsync(stop, run);
            stop.Dispose();
        }
    }

    [Fact]
    public async Task A_frozen_silo_that_wakes_after_its_grains_moved_cannot_overwrite_them()
    {
        var (skus, load, run, stop) = await StartLoadAsync();
        try
        {
            var victim = await HottestSiloAsync(skus);
            var silo = Cluster.Silo(victim)!;
            var faultAt = load.Now;
            // Frozen with its sockets open: calls to it queue up unanswered and the cluster declares
            // it dead, so its SKUs get second activations elsewhere while the first ones still exist.
            silo.Freeze();
            var declaredDead = Stopwatch.StartNew();
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await Cluster.WaitForActiveSilosAsync(LoopbackClusterFixture.Silos - 1, deadline.Token);
            }

            output.WriteLine($"silo {victim} frozen; declared dead after {declaredDead.Elapsed.TotalSeconds:F1} s");
            // Let the successors work before the frozen silo wakes (bounded: this must not wait on them).
            await load.WaitForRequestsAsync(100, run, TimeSpan.FromSeconds(3));

            // Thawed, it works off the calls it had queued with its stale activations, then finds
            // itself dead and stops. Every write of its stale view collides in the ledger.
            silo.Thaw();
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await silo.WaitForExitAsync(deadline.Token);
            }

            output.WriteLine($"silo {victim} thawed and exited with code {silo.ExitCode}; ledger conflicts it logged: {silo.CountLines("Ledger conflict")}, writes refused as replaced: {silo.CountLines("steps down")}");
            var (timeline, servedAgain, served) = await SettleAndStopAsync(load, run, stop, faultAt, $"SIGSTOP of silo {victim}");
            await AssertAuditedAsync(load, skus);
            Assert.True(servedAgain, $"served after the frozen silo left: {served} requests");
            Assert.All(timeline.Errors, e => Assert.True(e.Status == 503, $"{e.Kind} {e.Sku}: {e.Status} {e.Code}; only 503 may answer a silo loss"));
        }
        catch
        {
            output.WriteLine(Cluster.Logs());
            throw;
        }
        finally
        {
            await StopAsync(stop, run);
            stop.Dispose();
        }
    }

    /// <summary>
    /// Once the cluster has settled after a fault: waits (bounded) until requests sent from now on are
    /// served, stops the load, and describes what clients saw around the fault.
    /// </summary>
    private async Task<(LoadTimeline Timeline, bool ServedAgain, int Served)> SettleAndStopAsync(
        ReservationLoad load, Task run, CancellationTokenSource stop, TimeSpan faultAt, string fault)
    {
        var settledAt = load.Now;
        var servedAgain = await load.WaitForServedSinceAsync(settledAt, ServedAgain, run, TimeSpan.FromSeconds(20));
        await StopAsync(stop, run);

        var timeline = new LoadTimeline([.. load.Samples], faultAt, Slow);
        output.WriteLine(timeline.Describe(fault));
        return (timeline, servedAgain, load.ServedSince(settledAt));
    }

    private async Task<(IReadOnlyList<LoadSku> Skus, ReservationLoad Load, Task Run, CancellationTokenSource Stop)> StartLoadAsync()
    {
        await fixture.RestoreAsync();
        var skus = await HotSkus.CreateAsync(Cluster.Apis[0], plenty: 6);
        var load = new ReservationLoad(Cluster.Apis, skus, WorkersPerApi);
        // Bounded twice: by the request count and by time, whatever happens to the cluster.
        var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = load.RunAsync(MaxRequests, stop.Token);
        // Every SKU gets its first requests, so each is active somewhere before the fault.
        Assert.True(await load.WaitForRequestsAsync(150, run, TimeSpan.FromSeconds(20)), "the load warms up");
        return (skus, load, run, stop);
    }

    /// <summary>The silo that hosts the most of the SKUs under load (every SKU is active after the warm-up).</summary>
    private async Task<int> HottestSiloAsync(IReadOnlyList<LoadSku> skus)
    {
        var hosts = new List<int>();
        foreach (var sku in skus)
        {
            if (await Cluster.HostOfAsync(Cluster.Observer.GetGrain<IStockGrain>(sku.Sku)) is { } host)
            {
                hosts.Add(host);
            }
        }

        Assert.NotEmpty(hosts);
        var hottest = hosts.GroupBy(h => h).MaxBy(g => g.Count())!;
        output.WriteLine($"SKU activations per silo: {string.Join(", ", hosts.GroupBy(h => h).OrderBy(g => g.Key).Select(g => $"silo {g.Key}: {g.Count()}"))}");
        return hottest.Key;
    }

    private async Task AssertAuditedAsync(ReservationLoad load, IReadOnlyList<LoadSku> skus)
    {
        var violations = await FailoverAudit.RunAsync(load.Samples, [.. skus.Select(s => s.Sku)]);
        Assert.True(violations.Count == 0, string.Join('\n', violations.Take(20)));
        Assert.Contains(load.Samples, s => s.Kind == LoadSample.Confirm && s.Status == 200);
        Assert.Contains(load.Samples, s => s.Code == "insufficient-stock");
        await HotSkus.AssertInvariantsAsync(Cluster.Apis[1], skus);
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        await run;
    }
}
