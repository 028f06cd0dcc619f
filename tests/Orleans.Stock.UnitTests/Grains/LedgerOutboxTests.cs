using System.Text.Json;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Grains.Stock;
using static Orleans.Stock.UnitTests.Grains.StockTestData;

namespace Orleans.Stock.UnitTests.Grains;

/// <summary>The outbox rows of a batch: each event's own, then the thresholds it crosses, at its own version.</summary>
public sealed class LedgerOutboxTests
{
    private static StockState WithThreshold(long initialStock, int lowStockThreshold)
    {
        var state = new StockState();
        state.Apply(Sku, new LedgerEvent { Version = 1, Kind = LedgerEventKind.Created, Quantity = initialStock, OccurredAt = T0, Name = "Widget", LowStockThreshold = lowStockThreshold });
        return state;
    }

    [Fact]
    public void A_creation_is_product_created_only_even_below_its_threshold()
    {
        var plan = Decide(new StockState(), T0, new StockCommand.Create("Lamp", 0, LowStockThreshold: 5, Actor: "key-a"));

        var outbox = LedgerOutbox.Of(Sku, new StockState(), plan.Events);

        var created = Assert.Single(outbox);
        Assert.Equal((StockEventTypes.ProductCreated, 1L, Sku), (created.Type, created.Version, created.Sku));
        using var data = JsonDocument.Parse(created.Data);
        Assert.Equal("created", data.RootElement.GetProperty("kind").GetString());
        Assert.Equal("key-a", data.RootElement.GetProperty("actor").GetString());
    }

    [Fact]
    public void One_batch_that_goes_low_then_out_then_back_says_each_once_at_the_version_that_crossed()
    {
        var state = WithThreshold(10, lowStockThreshold: 3);
        var held = Reserved(state, T0, 2);

        var plan = Decide(state, T0.AddSeconds(1),
            Reserve(5), Reserve(1), Reserve(2), new StockCommand.Cancel(held.ReservationId), new StockCommand.Restock(1));
        var outbox = LedgerOutbox.Of(Sku, state, plan.Events);

        // available: 8 -> 3 (low) -> 2 -> 0 (out) -> 2 (back) -> 3
        Assert.Equal(
            [
                (3L, StockEventTypes.ReservationCreated), (3L, StockEventTypes.StockLow),
                (4L, StockEventTypes.ReservationCreated),
                (5L, StockEventTypes.ReservationCreated), (5L, StockEventTypes.StockOut),
                (6L, StockEventTypes.ReservationCancelled), (6L, StockEventTypes.StockBackInStock),
                (7L, StockEventTypes.StockRestocked),
            ],
            outbox.Select(e => (e.Version, e.Type)));
        // Each row's data is the counters just after its own change, threshold rows sharing their change's.
        using var low = JsonDocument.Parse(outbox[1].Data);
        Assert.Equal(3, low.RootElement.GetProperty("available").GetInt64());
        Assert.Equal(7, low.RootElement.GetProperty("reserved").GetInt64());
        Assert.Equal(10, low.RootElement.GetProperty("onHand").GetInt64());
        Assert.Equal(outbox[0].Data, outbox[1].Data);
        using var cancelled = JsonDocument.Parse(outbox[5].Data);
        Assert.Equal(held.ReservationId, cancelled.RootElement.GetProperty("reservationId").GetString());
        Assert.Equal("user-1", cancelled.RootElement.GetProperty("userId").GetString());
        Assert.Equal(2, cancelled.RootElement.GetProperty("available").GetInt64());
    }

    [Fact]
    public void An_adjustment_carries_its_signed_delta_and_reason_and_can_cross_too()
    {
        var state = WithThreshold(10, lowStockThreshold: 4);
        var adjustment = new StockAdjustment(AdjustmentMode.Delta, -10, "flood", null, "key-erp", null);

        var plan = Decide(state, T0, new StockCommand.Adjust(adjustment, adjustment.Fingerprint()));
        var outbox = LedgerOutbox.Of(Sku, state, plan.Events);

        Assert.Equal([StockEventTypes.StockAdjusted, StockEventTypes.StockLow, StockEventTypes.StockOut], outbox.Select(e => e.Type));
        using var data = JsonDocument.Parse(outbox[0].Data);
        Assert.Equal(-10, data.RootElement.GetProperty("quantity").GetInt64());
        Assert.Equal("flood", data.RootElement.GetProperty("reason").GetString());
        Assert.Equal("key-erp", data.RootElement.GetProperty("actor").GetString());
        Assert.Equal(0, data.RootElement.GetProperty("onHand").GetInt64());
    }

    [Fact]
    public void Without_a_threshold_only_out_and_back_in_stock_are_crossed()
    {
        var state = Created(1);

        var plan = Decide(state, T0, Reserve(1));

        Assert.Equal([StockEventTypes.ReservationCreated, StockEventTypes.StockOut], LedgerOutbox.Of(Sku, state, plan.Events).Select(e => e.Type));
    }

    [Fact]
    public void Every_ledger_kind_is_the_history_kind_of_its_lower_case_name()
    {
        // The engine's history read maps stored kinds with lower(kind): this is what makes that right.
        Assert.All(Enum.GetValues<LedgerEventKind>(), kind => Assert.Equal(kind.ToString().ToLowerInvariant(), LedgerHistory.KindOf(kind)));
        Assert.Equal(HistoryKinds.All.Order(StringComparer.Ordinal), Enum.GetValues<LedgerEventKind>().Select(LedgerHistory.KindOf).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_reserved_row_actor_is_its_owner()
    {
        var e = new LedgerEvent { Version = 2, Kind = LedgerEventKind.Reserved, Quantity = 1, OccurredAt = T0, Owner = "key-o", Actor = "ignored" };

        Assert.Equal("key-o", LedgerHistory.ItemOf(e).Actor);
        Assert.Equal("key-x", LedgerHistory.ItemOf(e with { Kind = LedgerEventKind.Confirmed, Actor = "key-x" }).Actor);
    }
}
