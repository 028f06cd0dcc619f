using Orleans.Stock.Bench.Load;

namespace Orleans.Stock.Bench.Reporting;

/// <summary>
/// A run with a fault, split in three: before the fault; during the disturbance it caused (from the
/// fault to the end of the last second with an error or an answer slower than <see cref="SlowMs"/>);
/// after it. <see cref="RecoveredAfterSeconds"/> is the disturbance's length: 0 when clients saw
/// neither an error nor a slow answer.
/// </summary>
public sealed record FailoverSummary(
    InjectedFault Fault,
    double SlowMs,
    PhaseCounts Before,
    PhaseCounts During,
    PhaseCounts After,
    double RecoveredAfterSeconds,
    IReadOnlyList<TimelineSecond> Timeline)
{
    /// <summary>Slower than this is a symptom of the fault (a retried call, a reactivation), not of load.</summary>
    public const double DefaultSlowMs = 1_000;

    public static FailoverSummary From(InjectedFault fault, IReadOnlyList<TimelineSecond> timeline, double slowMs = DefaultSlowMs)
    {
        var faultSecond = (int)Math.Floor(fault.AtSeconds);
        var lastDisturbed = timeline
            .Where(s => s.Second >= faultSecond && (s.Errors > 0 || s.SlowestMs > slowMs))
            .Select(s => (int?)s.Second)
            .LastOrDefault();
        // The seconds before the fault's own second are clean "before"; the fault's second is "during"
        // when it was disturbed and "after" otherwise.
        var duringEnd = lastDisturbed + 1 ?? faultSecond;
        var recovered = lastDisturbed is { } last ? Math.Round(Math.Max(0, last + 1 - fault.AtSeconds), 1) : 0;

        return new FailoverSummary(
            fault,
            slowMs,
            Phase(timeline, 0, faultSecond),
            Phase(timeline, faultSecond, duringEnd),
            Phase(timeline, duringEnd, int.MaxValue),
            recovered,
            timeline);
    }

    private static PhaseCounts Phase(IReadOnlyList<TimelineSecond> timeline, int from, int to)
    {
        var seconds = timeline.Where(s => s.Second >= from && s.Second < to).ToList();
        return new PhaseCounts(
            seconds.Count,
            seconds.Sum(s => s.Ended),
            seconds.Sum(s => s.Errors),
            seconds.Count == 0 ? 0 : seconds.Max(s => s.SlowestMs));
    }
}
