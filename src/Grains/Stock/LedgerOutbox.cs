using Orleans.Stock.Events.Outbox;
using Orleans.Stock.Grains.Ledger;

namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// The outbox rows of a batch about to be appended: each event's own, then the thresholds it crosses,
/// from the counters just before and just after it, so a batch that takes a product low and then out
/// says each once, at the version that did it.
/// </summary>
public static class LedgerOutbox
{
    public static List<OutboxEvent> Of(string sku, StockState before, IReadOnlyList<LedgerEvent> events)
    {
        var outbox = new List<OutboxEvent>(events.Count);
        var counters = before.Counters;
        var (name, createdAt, maxPerUser, lowStockThreshold) = (before.Name, before.CreatedAt, before.MaxPerUser, before.LowStockThreshold);
        foreach (var e in events)
        {
            var availableBefore = counters.Available;
            counters = counters.After(e.Kind, e.Quantity);
            if (e.Kind == LedgerEventKind.Created)
            {
                (name, createdAt, maxPerUser, lowStockThreshold) = (e.Name ?? sku, e.OccurredAt, e.MaxPerUser, e.LowStockThreshold);
            }

            var after = StockState.View(sku, name, counters, e.Version, createdAt, maxPerUser, lowStockThreshold);
            outbox.AddRange(OutboxEvent.Of(sku, LedgerHistory.ItemOf(e), after, availableBefore));
        }

        return outbox;
    }
}
