using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Grains;

/// <summary>The stock grain on a two-silo TestCluster with the real ADO.NET storage and ledger.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StockGrainTests(ClusterFixture fixture)
{
    private IStockGrain Grain(string sku) => fixture.Cluster.Client.GetGrain<IStockGrain>(sku);

    private static ReserveRequest Request(int quantity, string? key = null, int ttlSeconds = 900) => new(quantity, "user-1", ttlSeconds, key);

    private static void AssertInvariants(ProductView p)
    {
        Assert.True(p.Available >= 0);
        Assert.Equal(p.OnHand, p.Available + p.Reserved);
        Assert.Equal(p.InitialStock + p.Restocked + p.Adjusted, p.OnHand + p.Sold);
    }

    [Fact]
    public async Task Concurrent_reservations_never_oversell()
    {
        var grain = Grain(TestEnvironment.NewSku());
        Assert.True((await grain.CreateAsync("Hot", 100)).IsSuccess);

        var replies = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => grain.ReserveAsync(Request(1))));

        Assert.Equal(100, replies.Count(r => r.IsSuccess));
        Assert.Equal(200, replies.Count(r => r.Error == StockError.InsufficientStock));
        var product = (await grain.GetAsync()).Value!;
        AssertInvariants(product);
        Assert.Equal(0, product.Available);
        Assert.Equal(100, product.Reserved);
    }

    [Fact]
    public async Task Group_commit_batches_concurrent_reservations_into_few_versions_each_durable()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await grain.CreateAsync("Hot", 1_000);

        var replies = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => grain.ReserveAsync(Request(1))));

        Assert.All(replies, r => Assert.True(r.IsSuccess));
        await using var ledger = new LedgerAccess();
        Assert.Equal(500, await ledger.CountAsync(sku, "Reserved"));
        Assert.Equal(501, (await grain.GetAsync()).Value!.Version);
    }

    [Fact]
    public async Task A_newer_claim_fences_the_old_activation_which_steps_down_without_writing()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await grain.CreateAsync("Contended", 10);
        Assert.True((await grain.ReserveAsync(Request(2))).IsSuccess);
        var seen = (await grain.GetAsync()).Value!;

        // A second activation (as when a live silo was declared dead) claims the SKU and writes v+1.
        await using var access = new LedgerAccess();
        var epoch = await access.Ledger.ClaimAsync(sku);
        await access.Ledger.AppendAsync(sku, epoch, seen.Version,
        [
            new LedgerEvent { Version = seen.Version + 1, Kind = LedgerEventKind.Restocked, Quantity = 5, OccurredAt = DateTime.UtcNow },
        ]);

        // Under the same claim, a writer whose version is behind still collides...
        await Assert.ThrowsAsync<LedgerConflictException>(() => access.Ledger.AppendAsync(sku, epoch, seen.Version,
        [
            new LedgerEvent { Version = seen.Version + 1, Kind = LedgerEventKind.Restocked, Quantity = 100, OccurredAt = DateTime.UtcNow },
        ]));

        // ...and the replaced activation writes nothing more, even at a version nobody has taken yet.
        await Assert.ThrowsAsync<LedgerFencedException>(() => access.Ledger.AppendAsync(sku, epoch - 1, seen.Version + 1,
        [
            new LedgerEvent { Version = seen.Version + 2, Kind = LedgerEventKind.Restocked, Quantity = 100, OccurredAt = DateTime.UtcNow },
        ]));
        var fenced = await grain.ReserveAsync(Request(3));
        Assert.Equal(StockError.Unavailable, fenced.Error);

        // It stepped down: the next call reaches a new activation, which reads the other's write.
        var reply = await grain.ReserveAsync(Request(3));
        Assert.True(reply.IsSuccess, reply.Error.ToString());
        var product = (await grain.GetAsync()).Value!;
        AssertInvariants(product);
        Assert.Equal(5, product.Restocked);
        Assert.Equal(5, product.Reserved);
        Assert.Equal(10, product.Available);
        Assert.Equal(seen.Version + 2, product.Version);
    }

    [Fact]
    public async Task Idempotency_keys_are_answered_from_the_ledger_after_the_grain_forgot_them()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await grain.CreateAsync("Keyed", 10);
        var original = await grain.ReserveAsync(Request(3, "key-1"));
        Assert.True((await grain.ConfirmAsync(original.Value!.ReservationId)).IsSuccess);

        await DeactivateAllAsync();

        var replay = await grain.ReserveAsync(Request(3, "key-1"));
        Assert.True(replay.Replayed);
        Assert.Equal(original.Value.ReservationId, replay.Value!.ReservationId);
        Assert.Equal(ReservationStatus.Confirmed, replay.Value.Status);
        Assert.Equal(StockError.IdempotencyKeyReused, (await grain.ReserveAsync(Request(4, "key-1"))).Error);
        var product = (await grain.GetAsync()).Value!;
        Assert.Equal(3, product.Sold);
        Assert.Equal(7, product.Available);
    }

    [Fact]
    public async Task A_key_vouched_unused_skips_the_ledger_look_up_and_a_wrong_voucher_still_cannot_reserve_twice()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await grain.CreateAsync("Vouched", 10);
        var fresh = await grain.ReserveAsync(Request(2, "fresh-key") with { KeyIsUnused = true });
        var original = await grain.ReserveAsync(Request(3, "old-key"));
        Assert.True((await grain.ConfirmAsync(original.Value!.ReservationId)).IsSuccess);
        // Enough later events for a snapshot (every 64 in tests) that the reactivation starts from,
        // so the confirmed reservation and its key are no longer in the grain's memory.
        for (var i = 0; i < 70; i++)
        {
            Assert.True((await grain.RestockAsync(1)).IsSuccess);
        }

        await DeactivateAllAsync();

        // Trusted, the look-up is skipped: the append collides on the key's unique index, and the
        // second attempt looks the key up and replays instead of reserving again.
        var wronglyVouched = await grain.ReserveAsync(Request(3, "old-key") with { KeyIsUnused = true });

        Assert.Equal(1, fresh.Attempts);
        Assert.True(fresh.IsSuccess);
        Assert.True(wronglyVouched.Replayed);
        Assert.Equal(2, wronglyVouched.Attempts);
        Assert.Equal(original.Value.ReservationId, wronglyVouched.Value!.ReservationId);
        var product = (await grain.GetAsync()).Value!;
        Assert.Equal(3, product.Sold);
        Assert.Equal(2, product.Reserved);
        Assert.Equal(75, product.Available);
    }

    [Fact]
    public async Task Old_reservations_are_read_from_the_ledger_after_deactivation()
    {
        var grain = Grain(TestEnvironment.NewSku());
        await grain.CreateAsync("Old", 10);
        var reserved = (await grain.ReserveAsync(Request(2))).Value!;
        await grain.CancelAsync(reserved.ReservationId);

        await DeactivateAllAsync();

        var read = await grain.GetReservationAsync(reserved.ReservationId);
        Assert.Equal(ReservationStatus.Cancelled, read.Value!.Status);
        Assert.Equal(2, read.Value.Quantity);
        Assert.Equal(10, (await grain.GetAsync()).Value!.Available);
    }

    [Fact]
    public async Task Overdue_reservations_are_released_on_activation()
    {
        var grain = Grain(TestEnvironment.NewSku());
        await grain.CreateAsync("Sleepy", 10);
        var reserved = (await grain.ReserveAsync(Request(4, ttlSeconds: 1))).Value!;
        await DeactivateAllAsync();
        await WaitUntilAsync(reserved.ExpiresAt);

        var read = await grain.GetReservationAsync(reserved.ReservationId);

        Assert.Equal(ReservationStatus.Expired, read.Value!.Status);
        Assert.Equal(10, (await grain.GetAsync()).Value!.Available);
    }

    [Fact]
    public async Task The_reminder_wakes_a_deactivated_grain_to_release_expired_reservations()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await grain.CreateAsync("Reminded", 10);
        await grain.ReserveAsync(Request(4, ttlSeconds: 1));
        await DeactivateAllAsync();

        // Nobody calls the grain: only the durable reminder (period 2 s in tests) can release it.
        await using var ledger = new LedgerAccess();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ledger.CountAsync(sku, "Expired") == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(1, await ledger.CountAsync(sku, "Expired"));
    }

    private async Task DeactivateAllAsync()
    {
        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
    }

    private static async Task WaitUntilAsync(DateTime utc)
    {
        var wait = utc - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait + TimeSpan.FromMilliseconds(50));
        }
    }
}
