using System.Text.Json;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Outbox;

namespace Orleans.Stock.Tests.Events;

public sealed class OutboxEventTests
{
    private static readonly DateTime At = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_change_is_its_event_then_the_thresholds_it_crosses_with_one_data()
    {
        var change = new HistoryItem(4, HistoryKinds.Reserved, 3, "r-1", "user-1", null, "key-a", At);
        var after = Product(available: 0, reserved: 10, threshold: 2);

        var events = OutboxEvent.Of("A-1", change, after, availableBefore: 3).ToList();

        Assert.Equal(["reservation.created", "stock.low", "stock.out"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal((4L, "A-1", At), (e.Version, e.Sku, e.OccurredAt)));
        var data = JsonDocument.Parse(events[0].Data).RootElement;
        Assert.Equal(events[0].Data, events[1].Data);
        Assert.Equal("reserved", data.GetProperty("kind").GetString());
        Assert.Equal("key-a", data.GetProperty("actor").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("reason").ValueKind);
        Assert.Equal("2026-11-24T12:00:00.000Z", data.GetProperty("occurredAt").GetString());
        Assert.Equal((0L, 10L, 0L, 10L), (data.GetProperty("available").GetInt64(), data.GetProperty("reserved").GetInt64(),
            data.GetProperty("sold").GetInt64(), data.GetProperty("onHand").GetInt64()));
    }

    [Fact]
    public void A_creation_crosses_nothing_even_at_zero()
    {
        var change = new HistoryItem(1, HistoryKinds.Created, 0, null, null, null, "key-a", At);
        var events = OutboxEvent.Of("A-1", change, Product(available: 0, reserved: 0, threshold: 5), availableBefore: 0).ToList();
        Assert.Equal(["product.created"], events.Select(e => e.Type));
    }

    private static ProductView Product(long available, long reserved, int? threshold) =>
        new("A-1", "Mug", available + reserved, available + reserved, available, reserved, 0, 0, 4, At, LowStockThreshold: threshold);
}
