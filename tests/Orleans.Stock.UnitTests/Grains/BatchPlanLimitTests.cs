using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Grains.Stock;
using static Orleans.Stock.UnitTests.Grains.StockTestData;

namespace Orleans.Stock.UnitTests.Grains;

/// <summary>The grain's per-user limit (<c>maxPerUser</c>): decided in the batch, against committed holdings plus the batch's own.</summary>
public sealed class BatchPlanLimitTests
{
    private static StockState Limited(long initialStock, int maxPerUser)
    {
        var state = new StockState();
        state.Apply(Sku, new LedgerEvent { Version = 1, Kind = LedgerEventKind.Created, Quantity = initialStock, OccurredAt = T0, Name = "Widget", MaxPerUser = maxPerUser });
        return state;
    }

    [Fact]
    public void Reserves_of_one_user_in_one_batch_stop_at_the_limit_and_the_refusals_report_limit_and_held()
    {
        var state = Limited(1_000, maxPerUser: 5);

        var plan = Decide(state, T0, [.. Enumerable.Range(0, 12).Select(_ => Reserve(1, userId: "u"))]);

        Assert.Equal(5, plan.Outcomes.Count(o => o.Error == StockError.None));
        var refused = plan.Outcomes.Where(o => o.Error == StockError.LimitExceeded).ToList();
        Assert.Equal(7, refused.Count);
        Assert.All(refused, o =>
        {
            Assert.Equal(5, o.MaxPerUser);
            Assert.Equal(5, o.Held);
            Assert.Null(o.Reservation);
        });
        Assert.Equal(5, plan.Events.Count);
        Apply(state, plan);
        Assert.Equal(5, state.HeldBy("u"));
        Assert.Equal(5, state.Reserved);
    }

    [Fact]
    public void Each_user_has_their_own_allowance()
    {
        var state = Limited(100, maxPerUser: 2);

        var plan = Decide(state, T0, Reserve(2, userId: "a"), Reserve(2, userId: "b"), Reserve(1, userId: "a"));

        Assert.Equal(StockError.None, plan.Outcomes[0].Error);
        Assert.Equal(StockError.None, plan.Outcomes[1].Error);
        Assert.Equal(StockError.LimitExceeded, plan.Outcomes[2].Error);
        Assert.Equal(2, plan.Outcomes[2].Held);
    }

    [Fact]
    public void A_cancel_or_an_expiry_frees_room_and_a_confirm_does_not()
    {
        var state = Limited(100, maxPerUser: 3);
        var confirmed = Assert.Single(Commit(state, T0, Reserve(1, userId: "u")).Outcomes).Reservation!;
        var cancelled = Assert.Single(Commit(state, T0, Reserve(1, userId: "u")).Outcomes).Reservation!;
        Assert.Single(Commit(state, T0, Reserve(1, ttlSeconds: 1, userId: "u")).Outcomes);

        // Later in the batch than the cancel, the freed unit is there; the confirm frees nothing.
        var plan = Commit(
            state, T0.AddSeconds(2),
            new StockCommand.Confirm(confirmed.ReservationId), Reserve(1, userId: "u"),
            new StockCommand.Cancel(cancelled.ReservationId), new StockCommand.ExpireDue(),
            Reserve(1, userId: "u"), Reserve(1, userId: "u"), Reserve(1, userId: "u"));

        Assert.Equal(StockError.LimitExceeded, plan.Outcomes[1].Error);
        Assert.Equal(3, plan.Outcomes[1].Held);
        Assert.Equal(StockError.None, plan.Outcomes[4].Error);
        Assert.Equal(StockError.None, plan.Outcomes[5].Error);
        Assert.Equal(StockError.LimitExceeded, plan.Outcomes[6].Error);
        Assert.Equal(3, state.HeldBy("u"));
    }

    [Fact]
    public void An_idempotent_replay_is_answered_even_when_the_user_is_at_the_limit()
    {
        var state = Limited(100, maxPerUser: 2);
        Commit(state, T0, Reserve(2, key: "k", userId: "u"));

        var plan = Decide(state, T0, Reserve(2, key: "k", userId: "u"));

        Assert.Equal(StockError.None, plan.Outcomes[0].Error);
        Assert.True(plan.Outcomes[0].Replayed);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void The_limit_and_the_holdings_survive_a_snapshot()
    {
        var state = Limited(100, maxPerUser: 4);
        var confirmed = Assert.Single(Commit(state, T0, Reserve(3, userId: "u")).Outcomes).Reservation!;
        Commit(state, T0, new StockCommand.Confirm(confirmed.ReservationId));

        var restored = StockState.FromSnapshot(state.ToSnapshot());

        Assert.Equal(4, restored.ToView(Sku).MaxPerUser);
        Assert.Equal(3, restored.HeldBy("u"));
        var plan = Decide(restored, T0, Reserve(2, userId: "u"), Reserve(1, userId: "u"));
        Assert.Equal(StockError.LimitExceeded, plan.Outcomes[0].Error);
        Assert.Equal(StockError.None, plan.Outcomes[1].Error);
    }

    [Fact]
    public void A_limit_given_at_create_holds_for_reserves_in_the_same_batch()
    {
        var plan = Decide(new StockState(), T0, new StockCommand.Create("Widget", 10, MaxPerUser: 1), Reserve(1, userId: "u"), Reserve(1, userId: "u"));

        Assert.Equal(1, plan.Events[0].MaxPerUser);
        Assert.Equal(StockError.None, plan.Outcomes[1].Error);
        Assert.Equal(StockError.LimitExceeded, plan.Outcomes[2].Error);
    }

    [Fact]
    public void Without_a_limit_nothing_is_tracked_or_refused()
    {
        var state = Created(100);

        var plan = Commit(state, T0, Reserve(60, userId: "u"), Reserve(40, userId: "u"));

        Assert.All(plan.Outcomes, o => Assert.Equal(StockError.None, o.Error));
        Assert.Null(state.ToView(Sku).MaxPerUser);
        Assert.Equal(0, state.HeldBy("u"));
        Assert.Empty(state.ToSnapshot().Held);
    }
}
