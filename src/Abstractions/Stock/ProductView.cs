namespace Orleans.Stock.Abstractions;

/// <summary>
/// A SKU's durable counters as of <see cref="Version"/>; <see cref="MaxPerUser"/> and
/// <see cref="LowStockThreshold"/> null: unset. Conservation: <c>InitialStock + Restocked + Adjusted = OnHand + Sold</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("stock.ProductView")]
public sealed record ProductView(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] long InitialStock,
    [property: Id(3)] long OnHand,
    [property: Id(4)] long Available,
    [property: Id(5)] long Reserved,
    [property: Id(6)] long Sold,
    [property: Id(7)] long Restocked,
    [property: Id(8)] long Version,
    [property: Id(9)] DateTime CreatedAt,
    [property: Id(10)] int? MaxPerUser = null,
    [property: Id(11)] long Adjusted = 0,
    [property: Id(12)] int? LowStockThreshold = null);
