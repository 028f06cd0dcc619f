using Orleans.Stock.Abstractions;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Grains;

/// <summary>
/// A finished reservation that fell out of the silo's cache (issue 17: memory bounded by what is pending)
/// is answered from the ledger exactly as API.md says it is answered from memory.
/// </summary>
public sealed class FinishedReservationEvictionTests(OwnSiloClusterFixture fixture) : IClassFixture<OwnSiloClusterFixture>
{
    private IStockGrain Grain(string sku) => fixture.Cluster.Client.GetGrain<IStockGrain>(sku);

    private static ReserveRequest Request(int quantity, string? key = null) => new(quantity, "user-1", 900, key);

    [Fact]
    public async Task A_reservation_the_silo_no_longer_holds_still_reads_confirms_idempotently_and_replays_by_key()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await grain.CreateAsync("Evicted", 10);
        var confirmed = (await grain.ReserveAsync(Request(3, "key-confirmed"))).Value!;
        Assert.True((await grain.ConfirmAsync(confirmed.ReservationId)).IsSuccess);
        var cancelled = (await grain.ReserveAsync(Request(2, "key-cancelled"))).Value!;
        Assert.True((await grain.CancelAsync(cancelled.ReservationId)).IsSuccess);
        Assert.NotNull(fixture.Finished.Find(sku, confirmed.ReservationId));

        // Another product's work pushes both out: the bound is the silo's, not each activation's.
        var busy = Grain(TestEnvironment.NewSku());
        await busy.CreateAsync("Busy", 10);
        for (var i = 0; i < OwnSiloClusterFixture.FinishedCapacity; i++)
        {
            var done = (await busy.ReserveAsync(Request(1))).Value!;
            Assert.True((await busy.CancelAsync(done.ReservationId)).IsSuccess);
        }

        Assert.Null(fixture.Finished.Find(sku, confirmed.ReservationId));
        Assert.Null(fixture.Finished.FindByKey(sku, "key-cancelled"));
        var before = (await grain.GetAsync()).Value!;

        // Read: the reservation as it ended.
        var read = (await grain.GetReservationAsync(confirmed.ReservationId)).Value!;
        Assert.Equal((ReservationStatus.Confirmed, 3, confirmed.ExpiresAt), (read.Status, read.Quantity, read.ExpiresAt));
        // The same action again is 200 and changes nothing; the opposite one is 409 with the status.
        var again = await grain.ConfirmAsync(confirmed.ReservationId);
        Assert.Equal(ReservationStatus.Confirmed, again.Value!.Status);
        var opposite = await grain.CancelAsync(confirmed.ReservationId);
        Assert.Equal((StockError.ReservationNotPending, ReservationStatus.Confirmed), (opposite.Error, opposite.Status));
        Assert.Equal(ReservationStatus.Cancelled, (await grain.CancelAsync(cancelled.ReservationId)).Value!.Status);
        var confirmCancelled = await grain.ConfirmAsync(cancelled.ReservationId);
        Assert.Equal((StockError.ReservationNotPending, ReservationStatus.Cancelled), (confirmCancelled.Error, confirmCancelled.Status));
        // Replay by key: the same request is answered with the original; another under its key is refused.
        var replay = await grain.ReserveAsync(Request(3, "key-confirmed"));
        Assert.True(replay.Replayed);
        Assert.Equal((confirmed.ReservationId, ReservationStatus.Confirmed), (replay.Value!.ReservationId, replay.Value.Status));
        Assert.Equal(StockError.IdempotencyKeyReused, (await grain.ReserveAsync(Request(4, "key-confirmed"))).Error);
        Assert.Equal(StockError.IdempotencyKeyReused, (await grain.ReserveAsync(Request(1, "key-cancelled"))).Error);

        var after = (await grain.GetAsync()).Value!;
        Assert.Equal(before, after);
        Assert.Equal((3, 7), (after.Sold, after.Available));
    }
}
