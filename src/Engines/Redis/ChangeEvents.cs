using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Outbox;

namespace Orleans.Stock.Engines.Redis;

/// <summary>A stream entry as the history item and the outbox events it is in PostgreSQL.</summary>
public static class ChangeEvents
{
    public static HistoryItem Item(StockChange change)
    {
        var history = change.History ?? throw new ArgumentException("The entry carries no history.", nameof(change));
        return new HistoryItem(
            change.Version, history.Kind, history.Quantity, change.Reservation?.Id, change.Reservation?.UserId,
            history.Reason, history.Actor, change.At);
    }

    public static IEnumerable<OutboxEvent> Of(StockChange change, HistoryItem item)
    {
        // The entry carries the counters, not the name or the initial stock: the event's data and the
        // threshold decision read only the counters and the threshold.
        var after = new ProductView(
            change.Sku, string.Empty, 0, change.Available + change.Reserved, change.Available, change.Reserved, change.Sold,
            change.Restocked, change.Version, change.At, null, change.Adjusted, change.History!.LowStockThreshold);
        return OutboxEvent.Of(change.Sku, item, after, change.History.AvailableBefore);
    }
}
