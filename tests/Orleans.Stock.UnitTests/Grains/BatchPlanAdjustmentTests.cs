using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Grains.Stock;
using static Orleans.Stock.UnitTests.Grains.StockTestData;

namespace Orleans.Stock.UnitTests.Grains;

/// <summary>Stock adjustments (a delta or a set of on hand), decided in the batch against committed state plus the batch's own.</summary>
public sealed class BatchPlanAdjustmentTests
{
    private static StockCommand.Adjust Delta(long delta, long? expectedVersion = null, string? key = null, string reason = "damaged", string? actor = "key-admin") =>
        Command(new StockAdjustment(AdjustmentMode.Delta, delta, reason, expectedVersion, actor, key));

    private static StockCommand.Adjust Set(long onHand, long? expectedOnHand = null, string? key = null, string reason = "cycle count", string? actor = "key-admin") =>
        Command(new StockAdjustment(AdjustmentMode.Set, onHand, reason, expectedOnHand, actor, key));

    private static StockCommand.Adjust Command(StockAdjustment adjustment) => new(adjustment, adjustment.Fingerprint());

    private static void AssertConserved(StockState state)
    {
        var p = state.ToView(Sku);
        Assert.Equal(p.OnHand, p.Available + p.Reserved);
        Assert.Equal(p.InitialStock + p.Restocked + p.Adjusted, p.OnHand + p.Sold);
    }

    [Fact]
    public void A_delta_and_a_set_each_record_one_adjusted_event_with_the_signed_delta_reason_actor_and_key()
    {
        var state = Created(10);
        Reserved(state, T0, 4);

        var plan = Commit(state, T0, Delta(-3, key: "k-1"), Set(20));

        Assert.All(plan.Outcomes, o => Assert.Equal(StockError.None, o.Error));
        Assert.Equal([-3L, 13L], plan.Events.Select(e => e.Quantity));
        Assert.All(plan.Events, e => Assert.Equal(LedgerEventKind.Adjusted, e.Kind));
        Assert.Equal(["damaged", "cycle count"], plan.Events.Select(e => e.Reason));
        Assert.All(plan.Events, e => Assert.Equal("key-admin", e.Actor));
        Assert.Equal(StockAdjustment.AdjustmentKeyPrefix + ReservationOwner.ScopeKey("key-admin", "k-1"), plan.Events[0].IdempotencyKey);
        Assert.Equal(Delta(-3, key: "k-1").RequestHash, plan.Events[0].RequestHash);
        Assert.Null(plan.Events[1].IdempotencyKey);
        // Reservations are untouched: only available moved.
        Assert.Equal(20, state.OnHand);
        Assert.Equal(4, state.Reserved);
        Assert.Equal(16, state.Available);
        Assert.Equal(10, state.Adjusted);
        AssertConserved(state);
    }

    [Fact]
    public void A_negative_delta_may_take_only_what_is_available_and_a_set_may_not_go_below_reserved()
    {
        var state = Created(10);
        Reserved(state, T0, 4);

        var plan = Decide(state, T0, Delta(-7), Set(3), Delta(-6), Set(4));

        Assert.Equal(StockError.InsufficientStock, plan.Outcomes[0].Error);
        Assert.Equal(6, plan.Outcomes[0].Available);
        Assert.Equal(StockError.InsufficientStock, plan.Outcomes[1].Error);
        Assert.Equal(StockError.None, plan.Outcomes[2].Error);
        // After the batch's own -6 nothing is available: a set to what is reserved is a no-op.
        Assert.Equal(StockError.None, plan.Outcomes[3].Error);
        Assert.Equal([-6L], plan.Events.Select(e => e.Quantity));
    }

    [Fact]
    public void The_compare_and_set_sees_the_version_and_on_hand_after_the_batch_earlier_commands()
    {
        var state = Created(10);

        var plan = Decide(state, T0, Delta(1, expectedVersion: 1), Delta(1, expectedVersion: 1), Delta(1, expectedVersion: 2), Set(5, expectedOnHand: 10), Set(5, expectedOnHand: 12));

        Assert.Equal(StockError.None, plan.Outcomes[0].Error);
        Assert.Equal(StockError.VersionMismatch, plan.Outcomes[1].Error);
        Assert.Equal(2, plan.Outcomes[1].Version);
        Assert.Equal(11, plan.Outcomes[1].OnHand);
        Assert.Equal(StockError.None, plan.Outcomes[2].Error);
        Assert.Equal(StockError.VersionMismatch, plan.Outcomes[3].Error);
        Assert.Equal(3, plan.Outcomes[3].Version);
        Assert.Equal(12, plan.Outcomes[3].OnHand);
        Assert.Equal(StockError.None, plan.Outcomes[4].Error);
        Assert.Equal([1L, 1L, -7L], plan.Events.Select(e => e.Quantity));
        Apply(state, plan);
        Assert.Equal(5, state.OnHand);
        Assert.Equal(4, state.Version);
    }

    [Fact]
    public void A_set_to_the_current_on_hand_succeeds_and_records_nothing()
    {
        var state = Created(10);

        var plan = Decide(state, T0, Set(10, expectedOnHand: 10, key: "k"));

        Assert.Equal(StockError.None, Assert.Single(plan.Outcomes).Error);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void A_key_replays_in_the_batch_and_after_the_commit_and_a_different_body_under_it_is_refused()
    {
        var state = Created(10);

        var first = Commit(state, T0, Delta(5, key: "k-1"), Delta(5, key: "k-1"), Delta(6, key: "k-1"));
        var later = Decide(state, T0, Delta(5, key: "k-1"), Delta(5, key: "k-1", reason: "other"), Delta(5, key: "k-1", actor: "key-other"));

        Assert.Equal(StockError.None, first.Outcomes[0].Error);
        Assert.False(first.Outcomes[0].Replayed);
        Assert.True(first.Outcomes[1].Replayed);
        Assert.Equal(StockError.IdempotencyKeyReused, first.Outcomes[2].Error);
        Assert.Single(first.Events);
        Assert.True(later.Outcomes[0].Replayed);
        Assert.Equal(StockError.IdempotencyKeyReused, later.Outcomes[1].Error);
        // Keys are scoped to the caller: another key id's "k-1" is another adjustment.
        Assert.Equal(StockError.None, later.Outcomes[2].Error);
        Assert.False(later.Outcomes[2].Replayed);
        Assert.Single(later.Events);
        Assert.Equal(15, state.OnHand);
    }

    [Fact]
    public void A_key_the_grain_forgot_is_answered_from_what_the_ledger_read_found()
    {
        var replay = Delta(5, key: "old");
        var scoped = replay.Adjustment.ScopedIdempotencyKey!;
        var stored = new Dictionary<string, long> { [scoped] = replay.RequestHash };
        var plan = new BatchPlan(Sku, Created(10), T0, 100, NoneStored, NoneStored, stored);

        plan.Decide(replay);
        plan.Decide(Delta(4, key: "old"));

        Assert.True(plan.Outcomes[0].Replayed);
        Assert.Equal(StockError.IdempotencyKeyReused, plan.Outcomes[1].Error);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void Adjustment_keys_and_reservation_keys_never_meet()
    {
        var state = Created(10);
        Commit(state, T0, Delta(1, key: "same", actor: null));

        var plan = Decide(state, T0, Reserve(1, "same"));

        Assert.Equal(StockError.None, plan.Outcomes[0].Error);
        Assert.False(plan.Outcomes[0].Replayed);
    }

    [Theory]
    [InlineData(AdjustmentMode.Delta, 0, "damaged")]
    [InlineData(AdjustmentMode.Set, -1, "count")]
    [InlineData(AdjustmentMode.Delta, 1, "")]
    [InlineData(AdjustmentMode.Delta, 1, "bad\u0000reason")]
    public void Bad_adjustments_are_refused_as_bad_input_and_write_nothing(AdjustmentMode mode, long amount, string reason)
    {
        var plan = Decide(Created(10), T0, Command(new StockAdjustment(mode, amount, reason, null, "key-admin", null)));

        Assert.Equal(StockError.InvalidInput, Assert.Single(plan.Outcomes).Error);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void An_adjustment_of_a_product_that_does_not_exist_is_refused()
    {
        var plan = Decide(new StockState(), T0, Delta(3));

        Assert.Equal(StockError.ProductNotFound, Assert.Single(plan.Outcomes).Error);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void Units_an_adjustment_adds_serve_later_reserves_of_the_batch()
    {
        var state = Created(1);

        var plan = Decide(state, T0, Reserve(3), Delta(2), Reserve(3));

        Assert.Equal([StockError.InsufficientStock, StockError.None, StockError.None], plan.Outcomes.Select(o => o.Error));
    }

    [Fact]
    public void Every_change_carries_its_actor_and_completions_the_reservation_user_but_an_expiry_has_no_actor()
    {
        var state = new StockState();
        var created = Commit(state, T0, new StockCommand.Create("Lamp", 10, Actor: "key-a"));
        var confirmed = Reserved(state, T0, 1);
        var cancelled = Reserved(state, T0, 1);
        var expiring = Reserved(state, T0, 1, ttlSeconds: 1);

        var plan = Commit(state, T0.AddSeconds(2),
            new StockCommand.Restock(2, "key-b"),
            new StockCommand.Confirm(confirmed.ReservationId, Actor: "key-c"),
            new StockCommand.Cancel(cancelled.ReservationId, Actor: "key-d"),
            new StockCommand.Confirm(expiring.ReservationId, Actor: "key-e"));

        Assert.Equal(StockError.ReservationNotPending, plan.Outcomes[3].Error);
        Assert.Equal(
            [(LedgerEventKind.Restocked, "key-b", (string?)null), (LedgerEventKind.Confirmed, "key-c", "user-1"), (LedgerEventKind.Cancelled, "key-d", "user-1"), (LedgerEventKind.Expired, null, "user-1")],
            plan.Events.Select(e => (e.Kind, e.Actor, e.UserId)));
        Assert.Equal("key-a", Assert.Single(created.Events).Actor);
        Assert.Equal(8, state.Version);
    }
}
