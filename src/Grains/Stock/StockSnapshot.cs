namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// What Orleans grain storage keeps of a SKU every so many events, so that activation replays
/// only the ledger tail after <see cref="Version"/>.
/// </summary>
[GenerateSerializer, Alias("stock.StockSnapshot")]
public sealed class StockSnapshot
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public long InitialStock { get; set; }
    [Id(3)] public DateTime CreatedAt { get; set; }
    [Id(4)] public long Available { get; set; }
    [Id(5)] public long Reserved { get; set; }
    [Id(6)] public long Sold { get; set; }
    [Id(7)] public long Restocked { get; set; }
    [Id(8)] public long Version { get; set; }
    [Id(9)] public List<PendingReservation> Pending { get; set; } = [];
    [Id(10)] public int? MaxPerUser { get; set; }
    /// <summary>Units each user holds, pending plus confirmed; kept only while <see cref="MaxPerUser"/> is set.</summary>
    [Id(11)] public Dictionary<string, long> Held { get; set; } = [];
    [Id(12)] public long Adjusted { get; set; }
    [Id(13)] public int? LowStockThreshold { get; set; }
}
