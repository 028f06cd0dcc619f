namespace Orleans.Stock.Abstractions;

/// <summary>
/// A <c>PATCH /api/products/{sku}</c>: each setting is left alone unless its <c>Sets...</c> flag is on,
/// in which case it takes the value given (null clears it). Changes no counter and no version.
/// </summary>
[GenerateSerializer, Immutable, Alias("stock.ProductSettingsChange")]
public sealed record ProductSettingsChange(
    [property: Id(0)] bool SetsMaxPerUser,
    [property: Id(1)] int? MaxPerUser,
    [property: Id(2)] bool SetsLowStockThreshold,
    [property: Id(3)] int? LowStockThreshold)
{
    public int? MaxPerUserOr(int? current) => SetsMaxPerUser ? MaxPerUser : current;

    public int? LowStockThresholdOr(int? current) => SetsLowStockThreshold ? LowStockThreshold : current;
}
