using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Grains.Stock;
using static Orleans.Stock.UnitTests.Grains.StockTestData;

namespace Orleans.Stock.UnitTests.Grains;

/// <summary>The write loop's decisions: one batch against committed state plus its own earlier decisions.</summary>
public sealed class BatchPlanTests
{
    // --- No oversell within a batch ---

    [Fact]
    public void A_reserve_that_together_with_an_earlier_one_in_the_batch_exceeds_stock_is_refused_with_what_is_left()
    {
        var state = Created(10);

        var plan = Decide(state, T0, Reserve(7), Reserve(4), Reserve(3));

        Assert.Equal(StockError.None, plan.Outcomes[0].Error);
        Assert.Equal(StockError.InsufficientStock, plan.Outcomes[1].Error);
        Assert.Equal(3, plan.Outcomes[1].Available);
        Assert.Null(plan.Outcomes[1].Reservation);
        // The units left after the first are still there for a reserve that fits.
        Assert.Equal(StockError.None, plan.Outcomes[2].Error);
        Assert.Equal([7L, 3L], plan.Events.Select(e => e.Quantity));
        Assert.All(plan.Events, e => Assert.Equal(LedgerEventKind.Reserved, e.Kind));
        // Deciding leaves committed state alone; applying the events uses up exactly the stock.
        Assert.Equal(10, state.Available);
        Apply(state, plan);
        Assert.Equal(0, state.Available);
        Assert.Equal(10, state.Reserved);
    }

    [Fact]
    public void Many_unit_reserves_in_one_batch_succeed_exactly_as_often_as_there_are_units()
    {
        var state = Created(5);

        var plan = Decide(state, T0, [.. Enumerable.Range(0, 12).Select(_ => Reserve(1))]);

        Assert.Equal(5, plan.Outcomes.Count(o => o.Error == StockError.None));
        var refused = plan.Outcomes.Where(o => o.Error == StockError.InsufficientStock).ToList();
        Assert.Equal(7, refused.Count);
        Assert.All(refused, o => Assert.Equal(0, o.Available));
        Assert.Equal(5, plan.Outcomes.Select(o => o.Reservation?.ReservationId).OfType<string>().Distinct().Count());
        Apply(state, plan);
        Assert.Equal(0, state.Available);
        Assert.Equal(5, state.PendingCount);
        AssertInvariants(state.ToView(Sku));
    }

    [Fact]
    public void Units_a_cancel_releases_are_available_to_a_later_reserve_of_the_same_batch_but_not_an_earlier_one()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 8);

        var plan = Decide(state, T0.AddSeconds(1), Reserve(5), new StockCommand.Cancel(held.ReservationId), Reserve(5));

        Assert.Equal(StockError.InsufficientStock, plan.Outcomes[0].Error);
        Assert.Equal(2, plan.Outcomes[0].Available);
        Assert.Equal(ReservationStatus.Cancelled, plan.Outcomes[1].Reservation!.Status);
        Assert.Equal(StockError.None, plan.Outcomes[2].Error);
        Apply(state, plan);
        Assert.Equal(5, state.Available);
        Assert.Equal(5, state.Reserved);
        AssertInvariants(state.ToView(Sku));
    }

    [Fact]
    public void A_confirm_in_the_batch_releases_nothing_for_later_reserves()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 8);

        var plan = Decide(state, T0.AddSeconds(1), new StockCommand.Confirm(held.ReservationId), Reserve(3));

        Assert.Equal(ReservationStatus.Confirmed, plan.Outcomes[0].Reservation!.Status);
        Assert.Equal(StockError.InsufficientStock, plan.Outcomes[1].Error);
        Assert.Equal(2, plan.Outcomes[1].Available);
    }

    [Fact]
    public void A_restock_in_the_batch_serves_reserves_after_it_only()
    {
        var state = Created(2);

        var plan = Decide(state, T0, Reserve(5), new StockCommand.Restock(3), Reserve(5));

        Assert.Equal(StockError.InsufficientStock, plan.Outcomes[0].Error);
        Assert.Equal(2, plan.Outcomes[0].Available);
        Assert.Equal(StockError.None, plan.Outcomes[1].Error);
        Assert.Equal(StockError.None, plan.Outcomes[2].Error);
        Apply(state, plan);
        Assert.Equal(0, state.Available);
        Assert.Equal(3, state.Restocked);
    }

    // --- Conservation ---

    [Fact]
    public void Counters_are_conserved_across_reserves_confirms_cancels_restocks_and_expiry()
    {
        var state = Created(20);

        var first = Commit(state, T0, Reserve(5), Reserve(4, "k-1"), Reserve(3, ttlSeconds: 60));
        AssertInvariants(state.ToView(Sku));
        var (a, b) = (first.Outcomes[0].Reservation!, first.Outcomes[1].Reservation!);

        Commit(state, T0.AddSeconds(1), new StockCommand.Confirm(a.ReservationId), new StockCommand.Cancel(b.ReservationId), new StockCommand.Restock(6));
        AssertInvariants(state.ToView(Sku));

        var third = Commit(state, T0.AddSeconds(61), new StockCommand.ExpireDue(), Reserve(10));
        AssertInvariants(state.ToView(Sku));
        Assert.Equal(1, third.Outcomes[0].Released);

        Commit(state, T0.AddSeconds(62), new StockCommand.Confirm(third.Outcomes[1].Reservation!.ReservationId));

        var p = state.ToView(Sku);
        AssertInvariants(p);
        Assert.Equal(20, p.InitialStock);
        Assert.Equal(6, p.Restocked);
        Assert.Equal(15, p.Sold);
        Assert.Equal(11, p.Available);
        Assert.Equal(0, p.Reserved);
        Assert.Equal(11, p.OnHand);
        Assert.Equal(10, p.Version);
        Assert.Equal(0, state.PendingCount);
    }

    [Fact]
    public void Events_take_consecutive_versions_after_the_committed_one_and_the_batch_time()
    {
        var state = Created(10);
        Reserved(state, T0, 1);
        var now = T0.AddMinutes(1);

        var plan = Decide(state, now, new StockCommand.Restock(1), Reserve(2), Reserve(50), new StockCommand.Restock(4));

        Assert.Equal([3L, 4L, 5L], plan.Events.Select(e => e.Version));
        Assert.All(plan.Events, e => Assert.Equal(now, e.OccurredAt));
        Apply(state, plan);
        Assert.Equal(5, state.Version);
    }

    // --- Reservation contents ---

    [Fact]
    public void A_reservation_is_pending_from_now_until_now_plus_its_ttl_and_its_event_carries_key_and_fingerprint()
    {
        var state = Created(10);
        var reserve = Reserve(3, "key-7", ttlSeconds: 90, userId: "alice");

        var plan = Decide(state, T0, reserve);

        var view = plan.Outcomes[0].Reservation!;
        Assert.Equal(Sku, view.Sku);
        Assert.Equal(3, view.Quantity);
        Assert.Equal("alice", view.UserId);
        Assert.Equal(ReservationStatus.Pending, view.Status);
        Assert.Equal(T0, view.CreatedAt);
        Assert.Equal(T0.AddSeconds(90), view.ExpiresAt);
        Assert.Matches("^[0-9a-f]{32}$", view.ReservationId);
        var e = Assert.Single(plan.Events);
        Assert.Equal(view.ReservationId, e.ReservationId);
        Assert.Equal("alice", e.UserId);
        Assert.Equal("key-7", e.IdempotencyKey);
        Assert.Equal(reserve.RequestHash, e.RequestHash);
        Assert.Equal(view.ExpiresAt, e.ExpiresAt);
    }

    [Fact]
    public void Find_sees_the_batch_own_changes_before_they_are_committed()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 2);

        var plan = Decide(state, T0.AddSeconds(1), new StockCommand.Cancel(held.ReservationId), Reserve(1));

        Assert.Equal(ReservationStatus.Cancelled, plan.Find(held.ReservationId)!.View.Status);
        Assert.Equal(ReservationStatus.Pending, plan.Find(plan.Outcomes[1].Reservation!.ReservationId)!.View.Status);
        Assert.NotNull(state.FindPending(held.ReservationId));
    }

    // --- Product existence ---

    [Fact]
    public void Commands_on_a_product_that_was_never_created_are_refused_product_not_found_and_write_nothing()
    {
        var plan = Decide(new StockState(), T0,
            new StockCommand.Restock(5), Reserve(1), new StockCommand.Confirm("r-1"), new StockCommand.Cancel("r-1"), new StockCommand.ExpireDue());

        Assert.Equal(
            [StockError.ProductNotFound, StockError.ProductNotFound, StockError.ProductNotFound, StockError.ProductNotFound, StockError.None],
            plan.Outcomes.Select(o => o.Error));
        Assert.Equal(0, plan.Outcomes[4].Released);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void A_product_created_in_the_batch_exists_for_the_commands_after_it_and_cannot_be_created_again()
    {
        var state = new StockState();

        var plan = Decide(state, T0, new StockCommand.Create("Lamp", 4), new StockCommand.Create("Lamp", 100), Reserve(3), Reserve(2));

        Assert.Equal(
            [StockError.None, StockError.ProductExists, StockError.None, StockError.InsufficientStock],
            plan.Outcomes.Select(o => o.Error));
        Assert.Equal(1, plan.Outcomes[3].Available);
        Assert.Equal([LedgerEventKind.Created, LedgerEventKind.Reserved], plan.Events.Select(e => e.Kind));
        Apply(state, plan);
        Assert.Equal("Lamp", state.Name);
        Assert.Equal(4, state.InitialStock);
        Assert.Equal(1, state.Available);
        Assert.Equal(StockError.ProductExists, Decide(state, T0, new StockCommand.Create("Lamp", 1)).Outcomes[0].Error);
    }

    // --- Confirm / cancel state rules ---

    [Fact]
    public void Confirming_twice_answers_confirmed_both_times_and_sells_once()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 4);
        var confirm = new StockCommand.Confirm(held.ReservationId);

        var sameBatch = Commit(state, T0.AddSeconds(1), confirm, confirm);
        var nextBatch = Commit(state, T0.AddSeconds(2), confirm);

        Assert.All(sameBatch.Outcomes.Concat(nextBatch.Outcomes), o =>
        {
            Assert.Equal(StockError.None, o.Error);
            Assert.Equal(ReservationStatus.Confirmed, o.Reservation!.Status);
            Assert.Equal(held.ReservationId, o.Reservation.ReservationId);
        });
        Assert.Equal(LedgerEventKind.Confirmed, Assert.Single(sameBatch.Events).Kind);
        Assert.Empty(nextBatch.Events);
        Assert.Equal(4, state.Sold);
        Assert.Equal(6, state.Available);
    }

    [Fact]
    public void Cancelling_twice_answers_cancelled_both_times_and_releases_once()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 4);
        var cancel = new StockCommand.Cancel(held.ReservationId);

        var sameBatch = Commit(state, T0.AddSeconds(1), cancel, cancel);
        var nextBatch = Commit(state, T0.AddSeconds(2), cancel);

        Assert.All(sameBatch.Outcomes.Concat(nextBatch.Outcomes), o => Assert.Equal(ReservationStatus.Cancelled, o.Reservation!.Status));
        Assert.Single(sameBatch.Events);
        Assert.Empty(nextBatch.Events);
        Assert.Equal(10, state.Available);
        Assert.Equal(0, state.Reserved);
    }

    [Fact]
    public void Cancel_after_confirm_is_refused_not_pending_with_status_confirmed()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 4);
        Commit(state, T0.AddSeconds(1), new StockCommand.Confirm(held.ReservationId));

        var plan = Decide(state, T0.AddSeconds(2), new StockCommand.Cancel(held.ReservationId));

        var outcome = Assert.Single(plan.Outcomes);
        Assert.Equal(StockError.ReservationNotPending, outcome.Error);
        Assert.Equal(ReservationStatus.Confirmed, outcome.Status);
        Assert.Null(outcome.Reservation);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void Confirm_after_cancel_in_the_same_batch_is_refused_not_pending_with_status_cancelled()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 4);

        var plan = Decide(state, T0.AddSeconds(1), new StockCommand.Cancel(held.ReservationId), new StockCommand.Confirm(held.ReservationId));

        Assert.Equal(StockError.ReservationNotPending, plan.Outcomes[1].Error);
        Assert.Equal(ReservationStatus.Cancelled, plan.Outcomes[1].Status);
        Assert.Equal(LedgerEventKind.Cancelled, Assert.Single(plan.Events).Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3_600_000)]
    public void Confirm_at_or_after_expires_at_is_refused_expired_and_releases_the_units(int msAfterExpiry)
    {
        var state = Created(10);
        var held = Reserved(state, T0, 4, ttlSeconds: 30);

        var plan = Commit(state, held.ExpiresAt.AddMilliseconds(msAfterExpiry), new StockCommand.Confirm(held.ReservationId));

        var outcome = Assert.Single(plan.Outcomes);
        Assert.Equal(StockError.ReservationNotPending, outcome.Error);
        Assert.Equal(ReservationStatus.Expired, outcome.Status);
        var e = Assert.Single(plan.Events);
        Assert.Equal(LedgerEventKind.Expired, e.Kind);
        Assert.Equal(4, e.Quantity);
        Assert.Equal(10, state.Available);
        Assert.Equal(0, state.Sold);
        Assert.Equal(ReservationStatus.Expired, state.FindRecent(held.ReservationId)!.View.Status);
    }

    [Fact]
    public void Confirm_a_millisecond_before_expires_at_sells()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 4, ttlSeconds: 30);

        var plan = Commit(state, held.ExpiresAt.AddMilliseconds(-1), new StockCommand.Confirm(held.ReservationId));

        Assert.Equal(ReservationStatus.Confirmed, plan.Outcomes[0].Reservation!.Status);
        Assert.Equal(4, state.Sold);
        Assert.Equal(6, state.Available);
    }

    [Fact]
    public void Cancel_after_expires_at_is_refused_expired_not_answered_cancelled()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 4, ttlSeconds: 30);

        var plan = Commit(state, held.ExpiresAt.AddSeconds(5), new StockCommand.Cancel(held.ReservationId));

        Assert.Equal(StockError.ReservationNotPending, plan.Outcomes[0].Error);
        Assert.Equal(ReservationStatus.Expired, plan.Outcomes[0].Status);
        Assert.Equal(LedgerEventKind.Expired, Assert.Single(plan.Events).Kind);
        Assert.Equal(10, state.Available);
    }

    [Fact]
    public void An_unknown_reservation_is_not_found()
    {
        var state = Created(10);
        Reserved(state, T0, 1);

        var plan = Decide(state, T0, new StockCommand.Confirm("nope"), new StockCommand.Cancel("nope"));

        Assert.All(plan.Outcomes, o => Assert.Equal(StockError.ReservationNotFound, o.Error));
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void Reservations_the_grain_forgot_are_decided_from_what_the_ledger_returned()
    {
        var state = Created(10);
        var cancelled = new StoredReservation(
            new ReservationView("old-1", Sku, 2, "user-1", ReservationStatus.Cancelled, T0.AddDays(-2), T0.AddDays(-2).AddMinutes(15)), null, null);
        var confirmed = new StoredReservation(
            new ReservationView("old-2", Sku, 3, "user-1", ReservationStatus.Confirmed, T0.AddDays(-2), T0.AddDays(-2).AddMinutes(15)), null, null);
        var stored = new Dictionary<string, StoredReservation> { ["old-1"] = cancelled, ["old-2"] = confirmed };
        var plan = Plan(state, T0, storedById: stored);

        plan.Decide(new StockCommand.Confirm("old-1"));
        plan.Decide(new StockCommand.Confirm("old-2"));

        Assert.Equal(StockError.ReservationNotPending, plan.Outcomes[0].Error);
        Assert.Equal(ReservationStatus.Cancelled, plan.Outcomes[0].Status);
        Assert.Equal(StockError.None, plan.Outcomes[1].Error);
        Assert.Equal(ReservationStatus.Confirmed, plan.Outcomes[1].Reservation!.Status);
        Assert.Empty(plan.Events);
    }

    // --- Idempotency ---

    [Fact]
    public void The_same_key_and_body_in_a_later_batch_replays_the_reservation_without_taking_more_units()
    {
        var state = Created(10);
        var original = Reserved(state, T0, 3, "key-1");

        var plan = Decide(state, T0.AddSeconds(5), Reserve(3, "key-1"));

        var outcome = Assert.Single(plan.Outcomes);
        Assert.True(outcome.Replayed);
        Assert.Equal(original, outcome.Reservation);
        Assert.Empty(plan.Events);
        Assert.Equal(7, state.Available);
    }

    [Fact]
    public void The_same_key_and_body_twice_in_one_batch_reserves_once()
    {
        var state = Created(10);

        var plan = Commit(state, T0, Reserve(3, "key-1"), Reserve(3, "key-1"));

        Assert.False(plan.Outcomes[0].Replayed);
        Assert.True(plan.Outcomes[1].Replayed);
        Assert.Equal(plan.Outcomes[0].Reservation!.ReservationId, plan.Outcomes[1].Reservation!.ReservationId);
        Assert.Single(plan.Events);
        Assert.Equal(7, state.Available);
    }

    [Theory]
    [InlineData(4, 900, "user-1")]
    [InlineData(3, 901, "user-1")]
    [InlineData(3, 900, "user-2")]
    public void The_same_key_with_a_different_body_is_refused_key_reused(int quantity, int ttlSeconds, string userId)
    {
        var state = Created(10);
        Reserved(state, T0, 3, "key-1", ttlSeconds: 900);

        var later = Decide(state, T0.AddSeconds(1), Reserve(quantity, "key-1", ttlSeconds, userId));
        var sameBatch = Decide(Created(10), T0, Reserve(3, "key-1"), Reserve(quantity, "key-1", ttlSeconds, userId));

        Assert.Equal(StockError.IdempotencyKeyReused, later.Outcomes[0].Error);
        Assert.Null(later.Outcomes[0].Reservation);
        Assert.Empty(later.Events);
        Assert.Equal(StockError.IdempotencyKeyReused, sameBatch.Outcomes[1].Error);
        Assert.Single(sameBatch.Events);
    }

    [Fact]
    public void A_replay_is_answered_even_when_the_stock_is_gone()
    {
        var state = Created(3);
        var original = Reserved(state, T0, 3, "key-1");

        var plan = Decide(state, T0.AddSeconds(1), Reserve(3, "key-1"), Reserve(1));

        Assert.True(plan.Outcomes[0].Replayed);
        Assert.Equal(original.ReservationId, plan.Outcomes[0].Reservation!.ReservationId);
        Assert.Equal(StockError.InsufficientStock, plan.Outcomes[1].Error);
    }

    [Fact]
    public void A_replay_after_confirm_answers_with_the_reservation_as_it_stands_now()
    {
        var state = Created(10);
        var original = Reserved(state, T0, 3, "key-1");
        Commit(state, T0.AddSeconds(1), new StockCommand.Confirm(original.ReservationId));

        var plan = Decide(state, T0.AddSeconds(2), Reserve(3, "key-1"));

        Assert.True(plan.Outcomes[0].Replayed);
        Assert.Equal(original with { Status = ReservationStatus.Confirmed }, plan.Outcomes[0].Reservation);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void A_replay_of_a_reservation_past_its_expiry_reports_it_expired_without_writing()
    {
        var state = Created(10);
        var original = Reserved(state, T0, 3, "key-1", ttlSeconds: 10);

        var plan = Decide(state, original.ExpiresAt, Reserve(3, "key-1", ttlSeconds: 10));

        Assert.True(plan.Outcomes[0].Replayed);
        Assert.Equal(ReservationStatus.Expired, plan.Outcomes[0].Reservation!.Status);
        Assert.Empty(plan.Events);
        Assert.NotNull(state.FindPending(original.ReservationId));
    }

    [Fact]
    public void Keys_the_grain_forgot_are_replayed_or_refused_from_what_the_ledger_returned()
    {
        var request = Reserve(3, "old-key");
        var stored = new StoredReservation(
            new ReservationView("old-1", Sku, 3, "user-1", ReservationStatus.Confirmed, T0.AddDays(-1), T0.AddDays(-1).AddMinutes(15)),
            "old-key",
            request.RequestHash);
        var plan = Plan(Created(10), T0, storedByKey: new Dictionary<string, StoredReservation> { ["old-key"] = stored });

        plan.Decide(request);
        plan.Decide(Reserve(4, "old-key"));

        Assert.True(plan.Outcomes[0].Replayed);
        Assert.Equal(stored.View, plan.Outcomes[0].Reservation);
        Assert.Equal(StockError.IdempotencyKeyReused, plan.Outcomes[1].Error);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void Reserves_without_a_key_are_never_replays()
    {
        var state = Created(10);

        var plan = Decide(state, T0, Reserve(3), Reserve(3));

        Assert.All(plan.Outcomes, o => Assert.False(o.Replayed));
        Assert.NotEqual(plan.Outcomes[0].Reservation!.ReservationId, plan.Outcomes[1].Reservation!.ReservationId);
        Assert.Equal(2, plan.Events.Count);
    }

    // --- Expiry ---

    [Fact]
    public void Expire_due_releases_the_reservations_due_by_now_earliest_first_and_leaves_the_rest()
    {
        var state = Created(10);
        var late = Reserved(state, T0, 1, ttlSeconds: 30);
        var early = Reserved(state, T0, 2, ttlSeconds: 10);
        var onTheDot = Reserved(state, T0, 3, ttlSeconds: 20);

        var plan = Commit(state, T0.AddSeconds(20), new StockCommand.ExpireDue());

        Assert.Equal(2, plan.Outcomes[0].Released);
        Assert.False(plan.MoreDue);
        Assert.Equal([early.ReservationId, onTheDot.ReservationId], plan.Events.Select(e => e.ReservationId));
        Assert.All(plan.Events, e => Assert.Equal(LedgerEventKind.Expired, e.Kind));
        Assert.Equal(9, state.Available);
        Assert.Equal(1, state.Reserved);
        Assert.Equal(late.ReservationId, Assert.Single(state.DueAt(DateTime.MaxValue)).ReservationId);
        Assert.Equal(late.ExpiresAt, state.NextExpiry);
        AssertInvariants(state.ToView(Sku));
    }

    [Fact]
    public void Expire_due_stops_at_the_event_cap_and_says_more_are_due()
    {
        var state = Created(10);
        for (var i = 0; i < 5; i++)
        {
            Reserved(state, T0, 1, ttlSeconds: 10 + i);
        }

        var now = T0.AddMinutes(1);
        var first = Plan(state, now, maxEvents: 3);
        first.Decide(new StockCommand.ExpireDue());
        Apply(state, first);
        var second = Plan(state, now, maxEvents: 3);
        second.Decide(new StockCommand.ExpireDue());
        Apply(state, second);

        Assert.Equal(3, first.Outcomes[0].Released);
        Assert.True(first.MoreDue);
        Assert.Equal(3, first.Events.Count);
        Assert.Equal(2, second.Outcomes[0].Released);
        Assert.False(second.MoreDue);
        Assert.Equal(10, state.Available);
        Assert.Equal(0, state.PendingCount);
    }

    [Fact]
    public void Expire_due_that_exactly_fills_the_cap_does_not_ask_for_more()
    {
        var state = Created(10);
        for (var i = 0; i < 3; i++)
        {
            Reserved(state, T0, 1, ttlSeconds: 10);
        }

        var plan = Plan(state, T0.AddSeconds(10), maxEvents: 3);
        plan.Decide(new StockCommand.ExpireDue());

        Assert.Equal(3, plan.Outcomes[0].Released);
        Assert.False(plan.MoreDue);
    }

    [Fact]
    public void The_event_cap_counts_the_events_of_earlier_commands_in_the_batch()
    {
        var state = Created(10);
        Reserved(state, T0, 1, ttlSeconds: 10);
        Reserved(state, T0, 1, ttlSeconds: 10);

        var plan = Plan(state, T0.AddMinutes(1), maxEvents: 3);
        plan.Decide(new StockCommand.Restock(1));
        plan.Decide(Reserve(1));
        plan.Decide(new StockCommand.ExpireDue());

        Assert.Equal(1, plan.Outcomes[2].Released);
        Assert.True(plan.MoreDue);
        Assert.Equal(3, plan.Events.Count);
    }

    [Fact]
    public void A_reservation_expired_by_a_late_confirm_is_not_expired_again_by_the_sweep_of_the_same_batch()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 4, ttlSeconds: 10);
        var other = Reserved(state, T0, 1, ttlSeconds: 10);

        var plan = Commit(state, T0.AddSeconds(11), new StockCommand.Confirm(held.ReservationId), new StockCommand.ExpireDue());

        Assert.Equal(ReservationStatus.Expired, plan.Outcomes[0].Status);
        Assert.Equal(1, plan.Outcomes[1].Released);
        Assert.Equal([held.ReservationId, other.ReservationId], plan.Events.Select(e => e.ReservationId));
        Assert.Equal(10, state.Available);
        Assert.Equal(0, state.Reserved);
    }

    [Fact]
    public void Units_released_by_the_sweep_serve_later_reserves_of_the_same_batch()
    {
        var state = Created(5);
        Reserved(state, T0, 5, ttlSeconds: 10);

        var plan = Decide(state, T0.AddSeconds(10), Reserve(5), new StockCommand.ExpireDue(), Reserve(5));

        Assert.Equal(StockError.InsufficientStock, plan.Outcomes[0].Error);
        Assert.Equal(0, plan.Outcomes[0].Available);
        Assert.Equal(1, plan.Outcomes[1].Released);
        Assert.Equal(StockError.None, plan.Outcomes[2].Error);
    }

    // --- Bad text from a client that skipped the API's validation ---

    [Fact]
    public void A_reserve_with_a_control_character_is_refused_alone_and_the_rest_of_the_batch_goes_on()
    {
        var state = Created(10);

        var plan = Decide(state, T0, Reserve(1), Reserve(1, userId: "a\u0000b"), Reserve(1, key: "k\n"), Reserve(2));

        Assert.Equal(
            [StockError.None, StockError.InvalidInput, StockError.InvalidInput, StockError.None],
            plan.Outcomes.Select(o => o.Error));
        Assert.Equal([2L, 3L], plan.Events.Select(e => e.Version));
        Assert.All(plan.Events, e => Assert.Equal("user-1", e.UserId));
        Apply(state, plan);
        Assert.Equal(7, state.Available);
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("line\r")]
    [InlineData("lone surrogate")]
    [InlineData(" ")]
    public void A_create_with_a_bad_name_is_refused_and_writes_nothing(string name)
    {
        // A lone surrogate is made here: xunit's theory data would turn it into U+FFFD.
        name = name == "lone surrogate" ? "lone \ud800" : name;
        var plan = Decide(new StockState(), T0, new StockCommand.Create(name, 5));

        Assert.Equal(StockError.InvalidInput, Assert.Single(plan.Outcomes).Error);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void A_confirm_of_an_id_with_a_control_character_is_refused()
    {
        var plan = Decide(Created(10), T0, new StockCommand.Confirm("id\u0000"));

        Assert.Equal(StockError.InvalidInput, Assert.Single(plan.Outcomes).Error);
        Assert.Empty(plan.Events);
    }
}
