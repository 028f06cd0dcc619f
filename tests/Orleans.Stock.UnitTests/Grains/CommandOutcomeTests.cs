using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Stock;
using static Orleans.Stock.UnitTests.Grains.StockTestData;

namespace Orleans.Stock.UnitTests.Grains;

public sealed class CommandOutcomeTests
{
    [Fact]
    public void A_refusal_for_stock_reaches_the_reply_with_the_units_left()
    {
        var plan = Decide(Created(2), T0, Reserve(5));

        var reply = (plan.Outcomes[0] with { Attempts = 2 }).ToReply(plan.Outcomes[0].Reservation);

        Assert.False(reply.IsSuccess);
        Assert.Equal(StockError.InsufficientStock, reply.Error);
        Assert.Equal(2, reply.Available);
        Assert.Equal(2, reply.Attempts);
        Assert.Null(reply.Value);
    }

    [Fact]
    public void A_refusal_for_status_and_a_replay_reach_the_reply()
    {
        var state = Created(10);
        var held = Reserved(state, T0, 1, "key-1");
        Commit(state, T0, new StockCommand.Confirm(held.ReservationId));
        var plan = Decide(state, T0, new StockCommand.Cancel(held.ReservationId), Reserve(1, "key-1"));

        var refused = plan.Outcomes[0].ToReply(plan.Outcomes[0].Reservation);
        var replayed = plan.Outcomes[1].ToReply(plan.Outcomes[1].Reservation);

        Assert.Equal(StockError.ReservationNotPending, refused.Error);
        Assert.Equal(ReservationStatus.Confirmed, refused.Status);
        Assert.Equal(1, refused.Attempts);
        Assert.True(replayed.IsSuccess);
        Assert.True(replayed.Replayed);
        Assert.Equal(held.ReservationId, replayed.Value!.ReservationId);
    }
}
