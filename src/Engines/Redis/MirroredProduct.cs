namespace Orleans.Stock.Engines.Redis;

/// <summary>A redis product's version and pending units in PostgreSQL, for reconciliation.</summary>
public readonly record struct MirroredProduct(string Sku, long Version, long Reserved);
