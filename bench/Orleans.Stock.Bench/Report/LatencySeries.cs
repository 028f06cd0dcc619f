namespace Orleans.Stock.Bench.Report;

/// <summary>One target's line in the chart, its points ordered by offered rate.</summary>
public sealed record LatencySeries(string Target, IReadOnlyList<LatencyPoint> Points);
