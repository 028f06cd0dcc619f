using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Grains;

/// <summary>
/// The stock grain's one expiry timer: armed only while something can expire, for when it can, so idle
/// activations never wake (issue 17). On a silo of its own whose reminder waits an hour, so the silo's
/// counters are these tests' alone and every release seen here is the timer's.
/// </summary>
public sealed class ExpiryTimerTests(OwnSiloClusterFixture fixture) : IClassFixture<OwnSiloClusterFixture>
{
    // StockGrainOptions.ExpirySlack's default, which the test silo keeps.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(250);
    // Room for a loaded machine between the timer firing and the release being durable.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    private IStockGrain Grain(string sku) => fixture.Cluster.Client.GetGrain<IStockGrain>(sku);

    private static ReserveRequest Request(int quantity, int ttlSeconds = 900) => new(quantity, "user-1", ttlSeconds, null);

    [Fact]
    public async Task Idle_activations_arm_no_timer_and_only_the_one_with_something_due_wakes_once()
    {
        var idle = Enumerable.Range(0, 20).Select(_ => Grain(TestEnvironment.NewSku())).ToList();
        foreach (var grain in idle)
        {
            Assert.True((await grain.CreateAsync("Idle", 10)).IsSuccess);
        }

        // Reservations that finished leave nothing that can expire either.
        var confirmed = (await idle[0].ReserveAsync(Request(1))).Value!;
        Assert.True((await idle[0].ConfirmAsync(confirmed.ReservationId)).IsSuccess);
        var cancelled = (await idle[1].ReserveAsync(Request(1))).Value!;
        Assert.True((await idle[1].CancelAsync(cancelled.ReservationId)).IsSuccess);
        Assert.Equal(0, fixture.Metrics.ExpiryTimersArmed);
        var firings = fixture.Metrics.ExpiryTimerFirings;

        var sku = TestEnvironment.NewSku();
        var expiring = Grain(sku);
        await expiring.CreateAsync("Expiring", 10);
        var reserved = (await expiring.ReserveAsync(Request(2, ttlSeconds: 1))).Value!;
        Assert.Equal(1, fixture.Metrics.ExpiryTimersArmed);
        var expired = Assert.Single(await WaitForReleaseAsync(expiring, sku));

        // Over that second, a fixed 500 ms tick would have woken each of the 21 activations about twice.
        Assert.Equal(firings + 1, fixture.Metrics.ExpiryTimerFirings);
        Assert.Equal(0, fixture.Metrics.ExpiryTimersArmed);
        Assert.Equal(reserved.ReservationId, expired.ReservationId);
        Assert.InRange(expired.OccurredAt, reserved.ExpiresAt, reserved.ExpiresAt + Slack + Margin);
    }

    [Fact]
    public async Task Reservations_due_within_the_slack_of_each_other_are_released_in_one_wake()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await grain.CreateAsync("Batched", 10);
        var firings = fixture.Metrics.ExpiryTimerFirings;

        var reserved = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => grain.ReserveAsync(Request(1, ttlSeconds: 1))));
        var expired = await WaitForReleaseAsync(grain, sku);

        Assert.Equal(firings + 1, fixture.Metrics.ExpiryTimerFirings);
        Assert.Equal(reserved.Select(r => r.Value!.ReservationId).Order(StringComparer.Ordinal), expired.Select(e => e.ReservationId!).Order(StringComparer.Ordinal));
        // One batch: the three rows share the moment the grain decided them.
        Assert.Single(expired.Select(e => e.OccurredAt).Distinct());
    }

    [Fact]
    public async Task An_activation_that_finds_reservations_pending_arms_its_timer_for_them()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await grain.CreateAsync("Reloaded", 10);
        // Long enough that the new activation finds it still pending on a loaded machine.
        var reserved = (await grain.ReserveAsync(Request(3, ttlSeconds: 5))).Value!;
        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);

        // The next call activates the grain again, from the snapshot and the ledger's tail.
        Assert.Equal(3, (await grain.GetAsync()).Value!.Reserved);
        Assert.Equal(1, fixture.Metrics.ExpiryTimersArmed);
        var expired = Assert.Single(await WaitForReleaseAsync(grain, sku));

        Assert.Equal(reserved.ReservationId, expired.ReservationId);
        Assert.InRange(expired.OccurredAt, reserved.ExpiresAt, reserved.ExpiresAt + Slack + Margin);
        Assert.Equal(0, fixture.Metrics.ExpiryTimersArmed);
    }

    /// <summary>
    /// Waits (polling the grain, with a deadline) until nothing is reserved any more, and returns the
    /// ledger's expiry rows. The grain applies a release, and re-arms its timer, before it answers again.
    /// </summary>
    private static async Task<List<LedgerEvent>> WaitForReleaseAsync(IStockGrain grain, string sku)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await grain.GetAsync()).Value!.Reserved > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reservations were not released within 30 s");
            await Task.Delay(50);
        }

        await using var ledger = new LedgerAccess();
        return [.. (await ledger.Ledger.ReadAfterAsync(sku, 0)).Where(e => e.Kind == LedgerEventKind.Expired)];
    }
}
