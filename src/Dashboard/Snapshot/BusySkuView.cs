namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>A row of the busiest-SKU table; the counters are null when the read failed (the row still shows the traffic).</summary>
public sealed record BusySkuView(
    string Sku,
    string Engine,
    double RequestsPerSecond,
    long? OnHand,
    long? Available,
    long? Reserved,
    long? Sold);
