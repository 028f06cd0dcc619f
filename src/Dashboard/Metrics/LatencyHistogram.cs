namespace Orleans.Stock.Dashboard.Metrics;

/// <summary>
/// Cumulative latency counts in logarithmic buckets (10 % wide, 10 µs to about 2 minutes), so a
/// percentile read from it is within 10 % of the truth. Recording is one logarithm and one
/// interlocked increment, cheap enough to sit on the reservation path.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Smallest = 0.01;
    private static readonly double Growth = Math.Log(1.1);
    public static readonly int BucketCount = (int)Math.Ceiling(Math.Log(120_000 / Smallest) / Growth) + 1;

    private readonly long[] _counts = new long[BucketCount];

    public void Record(double milliseconds) => Interlocked.Increment(ref _counts[BucketOf(milliseconds)]);

    /// <summary>Copies the cumulative counts into <paramref name="target"/> (of <see cref="BucketCount"/> entries).</summary>
    public void CopyTo(long[] target)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            target[i] = Interlocked.Read(ref _counts[i]);
        }
    }

    /// <summary>The upper bound of the bucket holding the <paramref name="quantile"/> of <paramref name="counts"/>, or null when empty.</summary>
    public static double? Percentile(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return UpperBound(i);
            }
        }

        return UpperBound(counts.Length - 1);
    }

    private static int BucketOf(double milliseconds) =>
        milliseconds <= Smallest ? 0 : Math.Min(BucketCount - 1, (int)Math.Ceiling(Math.Log(milliseconds / Smallest) / Growth));

    private static double UpperBound(int bucket) => Smallest * Math.Exp(bucket * Growth);
}
