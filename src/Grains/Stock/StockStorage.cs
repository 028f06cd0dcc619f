namespace Orleans.Stock.Grains.Stock;

/// <summary>Names the silo must register for the stock grain's snapshots.</summary>
public static class StockStorage
{
    /// <summary>The Orleans grain storage provider holding <see cref="StockSnapshot"/>s.</summary>
    public const string ProviderName = "stock-snapshots";

    public const string StateName = "stock";
}
