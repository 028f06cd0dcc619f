using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Stock.Tests.Carts;

/// <summary>
/// A silo hosting one of the carts' SKU grains is killed while carts run. Afterwards every cart
/// is either fully reserved (acknowledged, readable as pending) or fully released: the per-SKU
/// reserved units are exactly the pending carts' lines.
/// </summary>
public sealed class CartSiloCrashTests(ITestOutputHelper output)
{
    private const int Workers = 4;

    /// <param name="grainRetryBudget">
    /// Null: the API's default budget rides the failover out (carts are slower, not failed). Short:
    /// lines in flight end unknown, so carts fail and are compensated while the grain is still
    /// moving, and what the compensation cannot reach yet is left to the recovery.
    /// </param>
    [Theory]
    [InlineData(null)]
    [InlineData("00:00:00.500")]
    public async Task Killing_the_silo_of_a_sku_grain_mid_run_leaves_every_cart_fully_reserved_or_fully_released(string? grainRetryBudget)
    {
        var cluster = await StockCluster.StartAsync();
        try
        {
            await using var factory = new ApiFactory(cluster).WithWebHostBuilder(b =>
            {
                if (grainRetryBudget is not null)
                {
                    b.UseSetting("Orleans:Retry:Budget", grainRetryBudget);
                    b.UseSetting("Orleans:Retry:AttemptTimeout", grainRetryBudget);
                }
            });
            using var client = factory.CreateClient();
            var carts = new CartClient(client);

            // Set-up and audit go through the default budget: under a loaded machine a half-second budget
            // fails them too, and what is on trial is only the carts' all or nothing.
            await using var steadyFactory = new ApiFactory(cluster);
            using var steadyClient = steadyFactory.CreateClient();
            var steady = new CartClient(steadyClient);

            // The primary silo hosts the TestCluster's membership and must stay: the victim is the other one.
            var victim = cluster.SecondarySilos[0];
            var (onVictim, onSurvivor) = await PlaceGrainSkusAsync(cluster, steady, victim.SiloAddress);
            var sqlSku = TestEnvironment.NewSku("CRASH");
            await steady.Api.CreateProductAsync(sqlSku, 100_000, "sql");
            string[] skus = [onVictim, onSurvivor, sqlSku];

            var userPrefix = $"crash-{Guid.NewGuid():N}-";
            var answers = new ConcurrentQueue<(HttpStatusCode Status, string? CartId, bool AfterKill, string Body)>();
            var killed = false;
            var createdAfterKill = 0;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    // Rotated line orders; the victim's SKU is in every cart.
                    var lines = Enumerable.Range(0, 3).Select(k => (skus[(i + k) % 3], 1 + k)).ToArray();
                    var afterKill = Volatile.Read(ref killed);
                    using var response = await carts.CreateAsync(CartClient.Body($"{userPrefix}{w}-{i}", 900, lines));
                    var text = await response.Content.ReadAsStringAsync();
                    var cartId = response.StatusCode == HttpStatusCode.Created
                        ? JsonDocument.Parse(text).RootElement.GetProperty("cartId").GetString()
                        : null;
                    answers.Enqueue((response.StatusCode, cartId, afterKill, text));
                    if (afterKill && cartId is not null && Interlocked.Increment(ref createdAfterKill) >= 20)
                    {
                        await stop.CancelAsync();
                    }
                }
            })).ToList();

            Assert.True(await CartClient.EventuallyAsync(() => Task.FromResult(answers.Count(a => a.CartId is not null) >= 20), TimeSpan.FromSeconds(30)),
                "carts did not get going before the kill");
            await cluster.KillSiloAsync(victim);
            Volatile.Write(ref killed, true);
            output.WriteLine($"killed {victim.SiloAddress} (hosting {onVictim}) after {answers.Count} carts");
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(90));

            var byStatus = answers.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine(string.Join(", ", byStatus.Select(kv => $"{(int)kv.Key}: {kv.Value}")));
            Assert.All(answers, a => Assert.True(
                a.Status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{(int)a.Status}: {a.Body}"));
            Assert.True(createdAfterKill >= 20, $"only {createdAfterKill} carts reserved after the kill: the cluster did not recover");

            await using var db = new CartDatabase();
            var recorded = await CartAudit.SettledCartsAsync(db, userPrefix, TimeSpan.FromSeconds(30));
            var created = answers.Where(a => a.CartId is not null).Select(a => a.CartId!).ToList();
            Assert.Equal(created.Order(), recorded.Where(c => c.Status == "pending").Select(c => c.Id).Order());
            Assert.All(recorded, c => Assert.Contains(c.Status, new[] { "pending", "failed" }));
            await CartAudit.AssertReservedMatchesPendingCartsAsync(steady, recorded, skus);
            await CartAudit.AssertAcknowledgedCartsReadPendingAsync(steady, created);
            output.WriteLine($"{recorded.Count} carts recorded: {recorded.Count(c => c.Status == "pending")} pending, {recorded.Count(c => c.Status == "failed")} failed");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>Creates grain products until one lives on <paramref name="victim"/> and one elsewhere.</summary>
    private static async Task<(string OnVictim, string OnSurvivor)> PlaceGrainSkusAsync(Orleans.TestingHost.TestCluster cluster, CartClient carts, SiloAddress victim)
    {
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        string? onVictim = null, onSurvivor = null;
        for (var attempt = 0; attempt < 40 && (onVictim is null || onSurvivor is null); attempt++)
        {
            var sku = TestEnvironment.NewSku("CRASH");
            await carts.Api.CreateProductAsync(sku, 100_000, "grain");
            var host = await management.GetActivationAddress(cluster.Client.GetGrain<IStockGrain>(sku));
            if (host == victim)
            {
                onVictim ??= sku;
            }
            else
            {
                onSurvivor ??= sku;
            }
        }

        Assert.True(onVictim is not null && onSurvivor is not null, "no SKU grain was placed on each silo");
        return (onVictim!, onSurvivor!);
    }
}
