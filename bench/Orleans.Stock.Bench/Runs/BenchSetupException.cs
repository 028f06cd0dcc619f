namespace Orleans.Stock.Bench.Runs;

/// <summary>The run could not start (server unreachable, products not created): nothing was measured.</summary>
public sealed class BenchSetupException(string message) : Exception(message);
