using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Grains.Stock;
using static Orleans.Stock.UnitTests.Grains.StockTestData;

namespace Orleans.Stock.UnitTests.Grains;

/// <summary>Committed state, folded from ledger events, and its snapshot.</summary>
public sealed class StockStateTests
{
    private static LedgerEvent Event(long version, LedgerEventKind kind, long quantity, string? id = null, DateTime? at = null, DateTime? expiresAt = null, string? key = null) =>
        new()
        {
            Version = version,
            Kind = kind,
            Quantity = quantity,
            OccurredAt = at ?? T0,
            ReservationId = id,
            UserId = id is null ? null : "user-1",
            IdempotencyKey = key,
            RequestHash = key is null ? null : 42,
            ExpiresAt = expiresAt,
        };

    [Fact]
    public void Applying_events_moves_units_between_available_reserved_and_sold_and_the_view_reports_them()
    {
        var state = new StockState();
        var created = T0.AddDays(-1);
        state.Apply(Sku, Event(1, LedgerEventKind.Created, 10, at: created) with { Name = "Widget" });
        state.Apply(Sku, Event(2, LedgerEventKind.Restocked, 5));
        state.Apply(Sku, Event(3, LedgerEventKind.Reserved, 4, "r-1", expiresAt: T0.AddMinutes(15)));
        state.Apply(Sku, Event(4, LedgerEventKind.Reserved, 3, "r-2", expiresAt: T0.AddMinutes(15)));
        state.Apply(Sku, Event(5, LedgerEventKind.Reserved, 2, "r-3", expiresAt: T0.AddMinutes(15)));
        state.Apply(Sku, Event(6, LedgerEventKind.Confirmed, 4, "r-1"));
        state.Apply(Sku, Event(7, LedgerEventKind.Cancelled, 3, "r-2"));

        var view = state.ToView(Sku);

        Assert.Equal(new ProductView(Sku, "Widget", 10, OnHand: 11, Available: 9, Reserved: 2, Sold: 4, Restocked: 5, Version: 7, created), view);
        AssertInvariants(view);
        Assert.Equal(1, state.PendingCount);
    }

    [Fact]
    public void A_product_created_without_a_name_is_named_after_its_sku()
    {
        var state = new StockState();

        state.Apply(Sku, Event(1, LedgerEventKind.Created, 3));

        Assert.True(state.Exists);
        Assert.Equal(Sku, state.Name);
        Assert.Equal(3, state.Available);
    }

    [Fact]
    public void Completing_a_reservation_that_is_not_pending_is_a_corrupt_ledger()
    {
        var state = Created(10);
        state.Apply(Sku, Event(2, LedgerEventKind.Reserved, 4, "r-1", expiresAt: T0.AddMinutes(1)));
        state.Apply(Sku, Event(3, LedgerEventKind.Expired, 4, "r-1"));

        var ex = Assert.Throws<InvalidOperationException>(() => state.Apply(Sku, Event(4, LedgerEventKind.Confirmed, 4, "r-1")));

        Assert.Contains("r-1", ex.Message);
    }

    [Fact]
    public void A_finished_reservation_leaves_the_pending_set_and_is_found_among_the_recent_by_id_and_key()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 4, "key-1", ttlSeconds: 60);
        Assert.Equal(held.ReservationId, state.FindPendingByKey("key-1")!.ReservationId);

        Commit(state, T0.AddSeconds(1), new StockCommand.Cancel(held.ReservationId));

        Assert.Null(state.FindPending(held.ReservationId));
        Assert.Null(state.FindPendingByKey("key-1"));
        Assert.Null(state.NextExpiry);
        var recent = state.FindRecent(held.ReservationId)!;
        Assert.Equal(held with { Status = ReservationStatus.Cancelled }, recent.View);
        Assert.Equal(recent, state.FindRecentByKey("key-1"));
        Assert.Equal(ReserveRequestFingerprint.Of(new ReserveRequest(4, "user-1", 60, "key-1")), recent.RequestHash);
    }

    [Fact]
    public void Due_reservations_come_earliest_first_including_those_due_exactly_now_and_with_equal_expiry()
    {
        var state = Created(10);
        var c = Reserved(state, T0, 1, ttlSeconds: 30);
        var a = Reserved(state, T0, 1, ttlSeconds: 10);
        var b1 = Reserved(state, T0, 1, ttlSeconds: 20);
        var b2 = Reserved(state, T0, 1, ttlSeconds: 20);

        var due = state.DueAt(T0.AddSeconds(20)).Select(p => p.ReservationId).ToList();

        Assert.Equal(a.ExpiresAt, state.NextExpiry);
        Assert.Equal(3, due.Count);
        Assert.Equal(a.ReservationId, due[0]);
        Assert.Equal(new[] { b1.ReservationId, b2.ReservationId }.Order(StringComparer.Ordinal), due.Skip(1).Order(StringComparer.Ordinal));
        Assert.Empty(state.DueAt(a.ExpiresAt.AddMilliseconds(-1)));
        Assert.DoesNotContain(c.ReservationId, due);
    }

    [Fact]
    public void A_snapshot_round_trip_keeps_counters_pending_reservations_their_keys_and_expiry_order()
    {
        var state = Created(20, "Round");
        var keyed = Reserved(state, T0, 4, "key-1", ttlSeconds: 60);
        var plain = Reserved(state, T0, 3, ttlSeconds: 30);
        var confirmed = Reserved(state, T0, 2);
        Commit(state, T0.AddSeconds(1), new StockCommand.Confirm(confirmed.ReservationId), new StockCommand.Restock(7));

        var snapshot = state.ToSnapshot();
        var restored = StockState.FromSnapshot(snapshot);

        Assert.Equal(state.ToView(Sku), restored.ToView(Sku));
        Assert.True(restored.Exists);
        Assert.Equal(2, restored.PendingCount);
        Assert.Equal(2, snapshot.Pending.Count);
        Assert.Equal(state.FindPending(keyed.ReservationId), restored.FindPending(keyed.ReservationId));
        Assert.Equal(keyed.ReservationId, restored.FindPendingByKey("key-1")!.ReservationId);
        Assert.Equal(plain.ExpiresAt, restored.NextExpiry);
        Assert.Equal(plain.ReservationId, Assert.Single(restored.DueAt(plain.ExpiresAt)).ReservationId);
        // Finished reservations are not in snapshots: the ledger answers for them.
        Assert.NotNull(state.FindRecent(confirmed.ReservationId));
        Assert.Null(restored.FindRecent(confirmed.ReservationId));
    }

    [Fact]
    public void A_restored_state_decides_and_applies_like_the_original()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 6, "key-1", ttlSeconds: 60);
        var restored = StockState.FromSnapshot(state.ToSnapshot());

        var replay = Commit(restored, T0.AddSeconds(1), Reserve(6, "key-1", ttlSeconds: 60), Reserve(5), new StockCommand.Confirm(held.ReservationId));

        Assert.True(replay.Outcomes[0].Replayed);
        Assert.Equal(held.ReservationId, replay.Outcomes[0].Reservation!.ReservationId);
        Assert.Equal(StockError.InsufficientStock, replay.Outcomes[1].Error);
        Assert.Equal(4, replay.Outcomes[1].Available);
        Assert.Equal(ReservationStatus.Confirmed, replay.Outcomes[2].Reservation!.Status);
        Assert.Equal(3, restored.Version);
        Assert.Equal(6, restored.Sold);
    }

    [Fact]
    public void An_empty_snapshot_is_a_product_that_does_not_exist()
    {
        var state = StockState.FromSnapshot(new StockSnapshot());

        Assert.False(state.Exists);
        Assert.Equal(0, state.Version);
        Assert.Null(state.NextExpiry);
        Assert.False(new StockState().ToSnapshot().Exists);
    }

    [Fact]
    public void Only_the_last_ten_thousand_finished_reservations_are_remembered()
    {
        var state = Created(1);
        var first = Reserved(state, T0, 1, "key-first");
        Commit(state, T0, new StockCommand.Cancel(first.ReservationId));
        string? last = null;
        for (var i = 0; i < 10_000; i++)
        {
            last = Reserved(state, T0, 1).ReservationId;
            Commit(state, T0, new StockCommand.Cancel(last));
        }

        Assert.Null(state.FindRecent(first.ReservationId));
        Assert.Null(state.FindRecentByKey("key-first"));
        Assert.Equal(ReservationStatus.Cancelled, state.FindRecent(last!)!.View.Status);
        // A forgotten reservation is no longer known to the plan without the ledger's answer.
        Assert.Equal(StockError.ReservationNotFound, Decide(state, T0, new StockCommand.Confirm(first.ReservationId)).Outcomes[0].Error);
        AssertInvariants(state.ToView(Sku));
    }

    [Fact]
    public void An_unknown_event_kind_is_refused()
    {
        var state = Created(1);

        Assert.Throws<InvalidOperationException>(() => state.Apply(Sku, Event(2, (LedgerEventKind)99, 1)));
        Assert.Equal(1, state.Version);
    }
}
