namespace Orleans.Stock.Bench.Results;

/// <summary>Group commits whose command count fell in <see cref="Size"/> (e.g. "5-8").</summary>
public sealed record BatchBucket(string Size, long Batches);
