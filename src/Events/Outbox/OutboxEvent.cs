using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Events.Outbox;

/// <summary>
/// One row of the outbox (<c>stock_events</c>): written by an engine in the same commit as the change it
/// describes. <see cref="Data"/> is the event's <c>data</c> member, already JSON.
/// </summary>
public sealed record OutboxEvent(
    string Sku,
    long Version,
    string Type,
    DateTime OccurredAt,
    string Data)
{
    /// <summary>
    /// The events one committed change makes: the change's own, then the threshold events it crosses.
    /// <paramref name="after"/> is the product just after the change; <paramref name="availableBefore"/>
    /// its available units just before (a product's creation crosses nothing).
    /// </summary>
    public static IEnumerable<OutboxEvent> Of(string sku, HistoryItem change, ProductView after, long availableBefore)
    {
        var data = StockEventData.Json(change, after);
        yield return new OutboxEvent(sku, change.Version, StockEventTypes.Of(change.Kind), change.OccurredAt, data);
        if (change.Kind == HistoryKinds.Created)
        {
            yield break;
        }

        foreach (var type in ThresholdCrossing.Between(availableBefore, after.Available, after.LowStockThreshold))
        {
            yield return new OutboxEvent(sku, change.Version, type, change.OccurredAt, data);
        }
    }
}
