namespace Orleans.Stock.Bench.Load;

/// <summary>One second of a <see cref="SecondTimeline"/>: requests that ended in it, how many were errors, the slowest.</summary>
public sealed record TimelineSecond(int Second, long Ended, long Errors, double SlowestMs);
