using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Grains.Stock;
using static Orleans.Stock.UnitTests.Grains.StockTestData;

namespace Orleans.Stock.UnitTests.Grains;

/// <summary>Settings (a PATCH) and the adjusted counter in committed state and its snapshot.</summary>
public sealed class StockStateSettingsTests
{
    [Fact]
    public void A_limit_set_later_counts_from_the_holdings_it_is_given_and_then_holds()
    {
        var state = Created(100);
        Reserved(state, T0, 3);
        Assert.Equal(0, state.HeldBy("user-1"));

        state.ApplySettings(4, 10, state.PendingHeldByUser());

        Assert.Equal(3, state.HeldBy("user-1"));
        var plan = Decide(state, T0, Reserve(2), Reserve(1));
        Assert.Equal(StockError.LimitExceeded, plan.Outcomes[0].Error);
        Assert.Equal(3, plan.Outcomes[0].Held);
        Assert.Equal(StockError.None, plan.Outcomes[1].Error);
        Assert.Equal(4, state.ToView(Sku).MaxPerUser);
        Assert.Equal(10, state.ToView(Sku).LowStockThreshold);
    }

    [Fact]
    public void Pending_holdings_are_summed_per_user_and_confirmed_ones_are_not_in_memory()
    {
        var state = Created(100);
        Reserved(state, T0, 3);
        Reserved(state, T0, 2);
        var sold = Reserved(state, T0, 4);
        Commit(state, T0, new StockCommand.Confirm(sold.ReservationId));

        Assert.Equal(new Dictionary<string, long> { ["user-1"] = 5 }, state.PendingHeldByUser());
        Assert.Equal(4, state.Sold);
    }

    [Fact]
    public void Clearing_the_limit_forgets_the_holdings_and_a_change_of_limit_keeps_them()
    {
        var state = Created(100);
        state.ApplySettings(5, null, new Dictionary<string, long>());
        Reserved(state, T0, 3);

        state.ApplySettings(4, null, held: null);
        Assert.Equal(3, state.HeldBy("user-1"));
        state.ApplySettings(null, 2, held: null);

        Assert.Equal(0, state.HeldBy("user-1"));
        Assert.Null(state.MaxPerUser);
        Assert.Equal(2, state.LowStockThreshold);
    }

    [Fact]
    public void Adjustments_keep_conservation_and_survive_a_snapshot_with_the_settings()
    {
        var state = Created(10);
        var adjustment = new StockAdjustment(AdjustmentMode.Delta, -4, "damaged", null, null, "k");
        Commit(state, T0, new StockCommand.Adjust(adjustment, adjustment.Fingerprint()), new StockCommand.Restock(2));
        state.ApplySettings(null, 7, held: null);

        var restored = StockState.FromSnapshot(state.ToSnapshot());

        var view = restored.ToView(Sku);
        Assert.Equal(state.ToView(Sku), view);
        Assert.Equal(-4, view.Adjusted);
        Assert.Equal(7, view.LowStockThreshold);
        Assert.Equal(view.InitialStock + view.Restocked + view.Adjusted, view.OnHand + view.Sold);
    }

    [Fact]
    public void A_ledger_that_would_break_the_counters_is_refused_before_it_changes_anything()
    {
        var state = Created(3);

        var ex = Assert.Throws<InvalidOperationException>(() =>
            state.Apply(Sku, new LedgerEvent { Version = 2, Kind = LedgerEventKind.Adjusted, Quantity = -4, OccurredAt = T0 }));

        Assert.Contains("version 2", ex.Message);
        Assert.Equal(1, state.Version);
        Assert.Equal(3, state.Available);
    }

    [Fact]
    public void The_counters_fold_every_kind_as_the_ledger_moves_units()
    {
        var counters = new StockCounters()
            .After(LedgerEventKind.Created, 10)
            .After(LedgerEventKind.Reserved, 4)
            .After(LedgerEventKind.Confirmed, 3)
            .After(LedgerEventKind.Adjusted, -2)
            .After(LedgerEventKind.Restocked, 5)
            .After(LedgerEventKind.Expired, 1);

        Assert.Equal(new StockCounters(10, Available: 10, Reserved: 0, Sold: 3, Restocked: 5, Adjusted: -2), counters);
        Assert.True(counters.IsConsistent);
        Assert.False((counters with { Sold = 4 }).IsConsistent);
    }
}
