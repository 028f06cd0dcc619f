using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Outbox;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// One durable change as the sql engine records it in the change's own transaction: its history row
/// (<c>stock_movements</c>) and its outbox rows (<c>stock_events</c>), both at the product's version after it.
/// </summary>
/// <param name="IdempotencyKey">An adjustment's scoped Idempotency-Key, stored on its history row; null for other changes.</param>
internal sealed record RecordedChange(HistoryItem Item, ProductView After, long AvailableBefore, string? IdempotencyKey = null, long? RequestHash = null)
{
    public string Sku => After.Sku;

    /// <summary>The change <paramref name="kind"/> makes to <paramref name="before"/>: one version, one history item.</summary>
    public static RecordedChange Of(
        ProductView before, string kind, long quantity, DateTime at, string? actor,
        string? reservationId = null, string? userId = null, string? reason = null)
    {
        var after = ProductStep.After(before, kind, quantity);
        return new RecordedChange(new HistoryItem(after.Version, kind, quantity, reservationId, userId, reason, actor, at), after, before.Available);
    }

    /// <summary>A product's creation: version 1, its initial stock as the quantity.</summary>
    public static RecordedChange Created(ProductView product, string? actor) =>
        new(new HistoryItem(product.Version, HistoryKinds.Created, product.InitialStock, null, null, null, actor, product.CreatedAt), product, 0);

    public IEnumerable<OutboxEvent> Events() => OutboxEvent.Of(Sku, Item, After, AvailableBefore);
}
