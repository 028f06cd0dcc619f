namespace Orleans.Stock.Dashboard.Metrics;

/// <summary>The redis engine's write-behind (meter <c>Orleans.Stock.Redis</c>), cumulative since start.</summary>
public sealed class RedisSyncTotals
{
    private long _batches;
    private long _changes;

    public long Batches => Interlocked.Read(ref _batches);

    public long Changes => Interlocked.Read(ref _changes);

    public void Batch(long changes)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _changes, changes);
    }
}
