using Microsoft.Extensions.Time.Testing;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Grains.Stock;
using static Orleans.Stock.UnitTests.Grains.StockTestData;

namespace Orleans.Stock.UnitTests.Grains;

/// <summary>The silo's cache of finished reservations: one bound for every grain of the silo, by count and by age.</summary>
public sealed class FinishedReservationsTests
{
    private const string OtherSku = "SKU-2";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(T0));

    private FinishedReservations Cache(int capacity = 10, TimeSpan? retention = null) =>
        new(capacity, retention ?? TimeSpan.FromMinutes(10), _time);

    private static StoredReservation Finished(string id, string? key = null, ReservationStatus status = ReservationStatus.Confirmed, string sku = Sku) =>
        new(new ReservationView(id, sku, 1, "user-1", status, T0, T0.AddMinutes(15)), key, key is null ? null : 7);

    [Fact]
    public void Finds_a_reservation_by_id_and_by_its_key_under_its_own_sku_only()
    {
        var cache = Cache();
        var keyed = Finished("r-1", "key-1");
        var plain = Finished("r-2");

        cache.Add(Sku, keyed);
        cache.Add(Sku, plain);

        Assert.Same(keyed, cache.Find(Sku, "r-1"));
        Assert.Same(keyed, cache.FindByKey(Sku, "key-1"));
        Assert.Same(plain, cache.Find(Sku, "r-2"));
        Assert.Null(cache.Find(Sku, "r-3"));
        Assert.Null(cache.FindByKey(Sku, "r-2"));
        Assert.Null(cache.Find(OtherSku, "r-1"));
        Assert.Null(cache.FindByKey(OtherSku, "key-1"));
    }

    [Fact]
    public void The_bound_is_the_silos_whichever_grains_filled_it_and_the_oldest_leave_first_with_their_keys()
    {
        var cache = Cache(capacity: 2);

        cache.Add(Sku, Finished("r-1", "key-1"));
        cache.Add(OtherSku, Finished("r-2", "key-2", sku: OtherSku));
        cache.Add(OtherSku, Finished("r-3", "key-3", sku: OtherSku));

        Assert.Equal(2, cache.Count);
        Assert.Null(cache.Find(Sku, "r-1"));
        Assert.Null(cache.FindByKey(Sku, "key-1"));
        Assert.Equal("r-2", cache.FindByKey(OtherSku, "key-2")!.View.ReservationId);
        Assert.Equal("r-3", cache.FindByKey(OtherSku, "key-3")!.View.ReservationId);
    }

    [Fact]
    public void Past_the_retention_an_entry_is_not_answered_and_is_dropped_by_the_next_add()
    {
        var cache = Cache(retention: TimeSpan.FromMinutes(1));
        cache.Add(Sku, Finished("r-1", "key-1"));
        _time.Advance(TimeSpan.FromSeconds(40));
        cache.Add(Sku, Finished("r-2"));

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(cache.Find(Sku, "r-1"));
        Assert.Null(cache.FindByKey(Sku, "key-1"));
        Assert.NotNull(cache.Find(Sku, "r-2"));
        Assert.Equal(2, cache.Count);
        cache.Add(Sku, Finished("r-3"));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Adding_a_known_id_again_keeps_the_first_and_does_not_push_others_out()
    {
        var cache = Cache(capacity: 2);
        var first = Finished("r-1", "key-1", ReservationStatus.Cancelled);
        cache.Add(Sku, first);
        cache.Add(Sku, Finished("r-2"));

        cache.Add(Sku, Finished("r-1", "key-1", ReservationStatus.Confirmed));

        Assert.Same(first, cache.Find(Sku, "r-1"));
        Assert.NotNull(cache.Find(Sku, "r-2"));
    }

    [Fact]
    public void With_no_capacity_it_remembers_nothing()
    {
        var cache = Cache(capacity: 0);

        cache.Add(Sku, Finished("r-1", "key-1"));

        Assert.Null(cache.Find(Sku, "r-1"));
        Assert.Null(cache.FindByKey(Sku, "key-1"));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Ids_and_keys_are_compared_ordinally()
    {
        var cache = Cache();
        cache.Add(Sku, Finished("abc", "Key"));

        Assert.Null(cache.Find(Sku, "ABC"));
        Assert.Null(cache.FindByKey(Sku, "key"));
        Assert.NotNull(cache.FindByKey(Sku, "Key"));
    }

    [Fact]
    public void Grain_states_sharing_the_cache_keep_nothing_of_their_own()
    {
        var cache = Cache(capacity: 1);
        var state = StockState.FromSnapshot(new StockSnapshot(), cache, Sku);
        state.Apply(Sku, new LedgerEvent { Version = 1, Kind = LedgerEventKind.Created, Quantity = 5, OccurredAt = T0, Name = "Mug" });
        var held = Reserved(state, T0, 1, "key-1");
        Commit(state, T0, new StockCommand.Confirm(held.ReservationId));
        Assert.Equal(ReservationStatus.Confirmed, cache.Find(Sku, held.ReservationId)!.View.Status);

        cache.Add(OtherSku, Finished("r-other", sku: OtherSku));

        Assert.Null(state.FindRecent(held.ReservationId));
        Assert.Null(state.FindRecentByKey("key-1"));
    }
}
