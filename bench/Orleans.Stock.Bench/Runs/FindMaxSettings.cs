namespace Orleans.Stock.Bench.Runs;

/// <param name="Step">Factor between consecutive offered rates (1.5 = +50 % per step).</param>
/// <param name="Pause">Quiet time between steps so one step's backlog does not leak into the next.</param>
/// <param name="Retries">Times a missed step is run again at the same rate before the search stops: a
/// 4-second step's p99 is its 1 % slowest answers, which one pause of the shared machine (a checkpoint,
/// a GC, another process) can decide; the search should stop where the engine cannot keep up.</param>
public sealed record FindMaxSettings(double StartRate, double Step, double MaxRate, double P99BoundMs, TimeSpan Pause, int Retries = 1);
