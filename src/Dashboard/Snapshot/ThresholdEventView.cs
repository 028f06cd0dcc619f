namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>A recent stock.low / stock.out / stock.back-in-stock event, from the feed.</summary>
public sealed record ThresholdEventView(string Type, string Sku, long Version, DateTime OccurredAt, long? Available);
