namespace Orleans.Stock.Bench.Runs;

/// <summary>A shell command run once, <see cref="After"/> into the measured load: how a failover run kills a silo.</summary>
public sealed record FaultPlan(TimeSpan After, string Command);
