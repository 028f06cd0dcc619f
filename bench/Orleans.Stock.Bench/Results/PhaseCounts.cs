namespace Orleans.Stock.Bench.Results;

/// <summary>Requests that ended in one phase of a failover run, the errors among them and the slowest.</summary>
public sealed record PhaseCounts(double Seconds, long Ended, long Errors, double SlowestMs);
