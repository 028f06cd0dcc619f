namespace Orleans.Stock.Dashboard.Metrics;

/// <summary>Npgsql's own pool gauges, summed over this process's data sources.</summary>
public sealed record ConnectionPoolReading(long Used, long Idle, long Max, long Pending);
