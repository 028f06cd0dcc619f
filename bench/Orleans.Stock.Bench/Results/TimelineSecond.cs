namespace Orleans.Stock.Bench.Results;

/// <summary>One second of a run's timeline (<c>Load.SecondTimeline</c>): requests that ended in it, how many were errors, the slowest.</summary>
public sealed record TimelineSecond(int Second, long Ended, long Errors, double SlowestMs);
