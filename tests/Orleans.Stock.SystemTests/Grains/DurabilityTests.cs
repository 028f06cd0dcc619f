using Orleans.Stock.Abstractions;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Grains;

/// <summary>Acknowledged changes survive every silo being killed and a new cluster starting.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Acknowledged_reservations_confirmations_and_cancellations_survive_killing_every_silo()
    {
        var serviceId = $"durability-{Guid.NewGuid():N}";
        var sku = TestEnvironment.NewSku();
        var confirmed = new List<string>();
        var cancelled = new List<string>();
        var pending = new List<string>();

        var first = await StockCluster.StartAsync(serviceId);
        try
        {
            var grain = first.Client.GetGrain<IStockGrain>(sku);
            await grain.CreateAsync("Durable", 1_000);
            var replies = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => grain.ReserveAsync(new ReserveRequest(1 + (i % 3), $"user-{i}", 900, $"key-{i}"))));
            Assert.All(replies, r => Assert.True(r.IsSuccess));
            var ids = replies.Select(r => r.Value!.ReservationId).ToList();
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                (i % 3 == 0 ? confirmed : i % 3 == 1 ? cancelled : pending).Add(id);
            }

            await Task.WhenAll(confirmed.Select(id => grain.ConfirmAsync(id)).Concat(cancelled.Select(id => grain.CancelAsync(id))));
        }
        finally
        {
            foreach (var silo in first.Silos.ToList())
            {
                await first.KillSiloAsync(silo);
            }

            await first.DisposeAsync();
        }

        var second = await StockCluster.StartAsync(serviceId);
        try
        {
            var grain = second.Client.GetGrain<IStockGrain>(sku);
            var product = (await grain.GetAsync()).Value!;
            Assert.Equal(1_000, product.OnHand + product.Sold);
            Assert.Equal(product.OnHand, product.Available + product.Reserved);
            Assert.Equal(confirmed.Count, (await Task.WhenAll(confirmed.Select(id => grain.GetReservationAsync(id)))).Count(r => r.Value!.Status == ReservationStatus.Confirmed));
            Assert.Equal(cancelled.Count, (await Task.WhenAll(cancelled.Select(id => grain.GetReservationAsync(id)))).Count(r => r.Value!.Status == ReservationStatus.Cancelled));
            Assert.Equal(pending.Count, (await Task.WhenAll(pending.Select(id => grain.GetReservationAsync(id)))).Count(r => r.Value!.Status == ReservationStatus.Pending));

            // Quantities were 1 (confirmed), 2 (cancelled) and 3 (pending), a hundred of each.
            Assert.Equal(100, product.Sold);
            Assert.Equal(300, product.Reserved);
            Assert.Equal(600, product.Available);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }
}
