using System.Globalization;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Metrics;

/// <summary>
/// How many commands the grains' group commits carried during the load phase, from the silos'
/// <c>stock_grain_batch_commands</c> histogram: the evidence that one durable append serves many requests.
/// </summary>
public static class GrainBatchCounters
{
    public const string Histogram = "stock_grain_batch_commands";

    /// <summary>Null without both scrapes, or when no batch was written (not a grain run).</summary>
    public static BatchSizeDistribution? Measure(MetricsSnapshot? before, MetricsSnapshot? after)
    {
        if (before is null || after is null)
        {
            return null;
        }

        var batches = (long)Math.Round((after.Sum(Histogram + "_count") ?? 0) - (before.Sum(Histogram + "_count") ?? 0));
        if (batches <= 0)
        {
            return null;
        }

        var commands = (long)Math.Round((after.Sum(Histogram + "_sum") ?? 0) - (before.Sum(Histogram + "_sum") ?? 0));
        var cumulativeBefore = before.SumByLabel(Histogram + "_bucket", "le");
        var cumulative = after.SumByLabel(Histogram + "_bucket", "le")
            .Select(b => (Bound: Bound(b.Key), Count: (long)Math.Round(b.Value - cumulativeBefore.GetValueOrDefault(b.Key))))
            .OrderBy(b => b.Bound)
            .ToList();

        var buckets = new List<BatchBucket>();
        var (previousBound, previousCount) = (0.0, 0L);
        foreach (var (bound, count) in cumulative)
        {
            if (count > previousCount)
            {
                buckets.Add(new BatchBucket(Label(previousBound, bound), count - previousCount));
            }

            (previousBound, previousCount) = (bound, count);
        }

        return new BatchSizeDistribution(batches, commands, Math.Round((double)commands / batches, 1), buckets);
    }

    private static double Bound(string le) =>
        le == "+Inf" ? double.PositiveInfinity : double.Parse(le, NumberStyles.Float, CultureInfo.InvariantCulture);

    // Batch sizes are whole numbers, so (2, 4] is 3-4.
    private static string Label(double lower, double upper) => (lower, upper) switch
    {
        (_, double.PositiveInfinity) => string.Create(CultureInfo.InvariantCulture, $">{lower:0}"),
        _ when upper - lower <= 1 => string.Create(CultureInfo.InvariantCulture, $"{upper:0}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{lower + 1:0}-{upper:0}"),
    };
}
