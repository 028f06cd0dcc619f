namespace Orleans.Stock.Bench.Report;

/// <param name="Clean">No errors and, for a find-max step, within its bound: drawn filled, else hollow.</param>
public sealed record LatencyPoint(double OfferedPerSecond, double P99Ms, bool Clean);
