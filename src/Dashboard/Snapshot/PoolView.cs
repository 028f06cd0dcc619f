namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>PostgreSQL connections of this API process, from Npgsql's own pool gauges.</summary>
public sealed record PoolView(long Used, long Idle, long Max, long Pending);
