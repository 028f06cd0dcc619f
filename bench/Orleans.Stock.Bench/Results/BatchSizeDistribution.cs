using System.Globalization;

namespace Orleans.Stock.Bench.Results;

/// <summary>
/// How many commands the grains' group commits carried during the load phase (measured by
/// <c>Metrics.GrainBatchCounters</c> from the silos' <c>stock_grain_batch_commands</c> histogram).
/// </summary>
/// <param name="Buckets">Batches per size range, smallest first (non-cumulative).</param>
public sealed record BatchSizeDistribution(long Batches, long Commands, double MeanCommands, IReadOnlyList<BatchBucket> Buckets)
{
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Batches:N0} group commits, {MeanCommands:0.0} commands each on average; batches by size: {string.Join(", ", Buckets.Select(b => $"{b.Size}: {b.Batches:N0}"))}");
}
