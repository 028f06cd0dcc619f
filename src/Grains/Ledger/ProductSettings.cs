namespace Orleans.Stock.Grains.Ledger;

/// <summary>A grain product's settings as its catalog row keeps them (null: unset).</summary>
public sealed record ProductSettings(int? MaxPerUser, int? LowStockThreshold);
