namespace Orleans.Stock.Bench.Results;

/// <param name="FailedBecause">Why this rate did not hold; null when it held.</param>
public sealed record FindMaxStep(int Step, double OfferedPerSecond, bool Held, string? FailedBecause, RunResult Run);
