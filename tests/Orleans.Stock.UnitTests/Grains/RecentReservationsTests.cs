using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Grains.Stock;
using static Orleans.Stock.UnitTests.Grains.StockTestData;

namespace Orleans.Stock.UnitTests.Grains;

public sealed class RecentReservationsTests
{
    private static StoredReservation Finished(string id, string? key = null, ReservationStatus status = ReservationStatus.Confirmed) =>
        new(new ReservationView(id, Sku, 1, "user-1", status, T0, T0.AddMinutes(15)), key, key is null ? null : 7);

    [Fact]
    public void Finds_a_reservation_by_id_and_by_its_key()
    {
        var recent = new RecentReservations(10);
        var keyed = Finished("r-1", "key-1");
        var plain = Finished("r-2");

        recent.Add(keyed);
        recent.Add(plain);

        Assert.Same(keyed, recent.Find("r-1"));
        Assert.Same(keyed, recent.FindByKey("key-1"));
        Assert.Same(plain, recent.Find("r-2"));
        Assert.Null(recent.Find("r-3"));
        Assert.Null(recent.FindByKey("r-2"));
    }

    [Fact]
    public void Beyond_its_capacity_it_forgets_the_oldest_first_with_its_key()
    {
        var recent = new RecentReservations(2);

        recent.Add(Finished("r-1", "key-1"));
        recent.Add(Finished("r-2", "key-2"));
        recent.Add(Finished("r-3", "key-3"));

        Assert.Null(recent.Find("r-1"));
        Assert.Null(recent.FindByKey("key-1"));
        Assert.Equal("r-2", recent.FindByKey("key-2")!.View.ReservationId);
        Assert.Equal("r-3", recent.FindByKey("key-3")!.View.ReservationId);
    }

    [Fact]
    public void Adding_a_known_id_again_keeps_the_first_and_does_not_push_others_out()
    {
        var recent = new RecentReservations(2);
        var first = Finished("r-1", "key-1", ReservationStatus.Cancelled);
        recent.Add(first);
        recent.Add(Finished("r-2"));

        recent.Add(Finished("r-1", "key-1", ReservationStatus.Confirmed));

        Assert.Same(first, recent.Find("r-1"));
        Assert.NotNull(recent.Find("r-2"));
    }

    [Fact]
    public void With_no_capacity_it_remembers_nothing()
    {
        var recent = new RecentReservations(0);

        recent.Add(Finished("r-1", "key-1"));

        Assert.Null(recent.Find("r-1"));
        Assert.Null(recent.FindByKey("key-1"));
    }

    [Fact]
    public void Ids_and_keys_are_compared_ordinally()
    {
        var recent = new RecentReservations(10);
        recent.Add(Finished("abc", "Key"));

        Assert.Null(recent.Find("ABC"));
        Assert.Null(recent.FindByKey("key"));
        Assert.NotNull(recent.FindByKey("Key"));
    }
}
