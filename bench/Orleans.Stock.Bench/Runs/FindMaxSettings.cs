namespace Orleans.Stock.Bench.Runs;

/// <param name="Step">Factor between consecutive offered rates (1.5 = +50 % per step).</param>
/// <param name="Pause">Quiet time between steps so one step's backlog does not leak into the next.</param>
public sealed record FindMaxSettings(double StartRate, double Step, double MaxRate, double P99BoundMs, TimeSpan Pause);
