using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// One workload of the outbox's cost, its runs with the outbox on and off side by side: the median of
/// each side's throughput (2xx reserves per second) and latency, and the ratio on/off, which is what
/// the outbox leaves of the engine's throughput (below 1: the outbox costs). Medians, because the runs
/// alternate on a shared machine and one disturbed round should not decide the ratio.
/// </summary>
public sealed record OutboxComparison(
    string Workload,
    IReadOnlyList<RunResult> On,
    IReadOnlyList<RunResult> Off)
{
    public double? OnPerSecond => Median(On.Select(r => r.Throughput.ReservedPerSecond));

    public double? OffPerSecond => Median(Off.Select(r => r.Throughput.ReservedPerSecond));

    /// <summary>On over off, null unless both sides ran and off did any work.</summary>
    public double? Ratio => OnPerSecond is { } on && OffPerSecond is { } off && off > 0 ? on / off : null;

    /// <summary>
    /// On over off within each round that ran both, in round order: a pair ran minutes apart on the same
    /// machine, so it is the fairer comparison when the machine's load drifts between rounds.
    /// </summary>
    public IReadOnlyList<double> RoundRatios =>
    [
        .. On.Join(
                Off.Where(r => r.Throughput.ReservedPerSecond > 0),
                r => OutboxParam.TryParse(r.Scenario?.Param)?.Round,
                r => OutboxParam.TryParse(r.Scenario?.Param)?.Round,
                (on, off) => (Round: OutboxParam.TryParse(on.Scenario?.Param)!.Value.Round, Ratio: on.Throughput.ReservedPerSecond / off.Throughput.ReservedPerSecond))
            .OrderBy(pair => pair.Round)
            .Select(pair => pair.Ratio),
    ];

    public double? OnP50Ms => Median(On.Select(r => r.Reserve?.P50Ms));

    public double? OffP50Ms => Median(Off.Select(r => r.Reserve?.P50Ms));

    public double? OnP99Ms => Median(On.Select(r => r.Reserve?.P99Ms));

    public double? OffP99Ms => Median(Off.Select(r => r.Reserve?.P99Ms));

    /// <summary>The cost runs of the <c>outbox</c> scenario, grouped by workload in order of first appearance.</summary>
    public static IReadOnlyList<OutboxComparison> From(IEnumerable<RunResult> runs)
    {
        var tagged = runs
            .Select(run => (Run: run, Param: OutboxParam.TryParse(run.Scenario?.Param)))
            .Where(x => x.Param is not null)
            .Select(x => (x.Run, Param: x.Param!.Value))
            .ToList();
        return [.. tagged
            .GroupBy(x => x.Param.Workload, StringComparer.Ordinal)
            .Select(group => new OutboxComparison(
                group.Key,
                [.. group.Where(x => x.Param.WriteEvents).OrderBy(x => x.Param.Round).Select(x => x.Run)],
                [.. group.Where(x => !x.Param.WriteEvents).OrderBy(x => x.Param.Round).Select(x => x.Run)]))];
    }

    internal static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double? Median(IEnumerable<double> values) => Median(values.Select(v => (double?)v));
}
