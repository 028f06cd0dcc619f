
namespace Orleans.Stock.Bench.Results;

/// <summary>
/// A run with a fault, split in three: before the fault; during the disturbance it caused (from the
/// fault until <see cref="CleanSeconds"/> seconds in a row had no error and no answer slower than
/// <see cref="SlowMs"/>); after it. <see cref="RecoveredAfterSeconds"/> is the disturbance's length: 0
/// when clients saw neither an error nor a slow answer. Requiring a clean stretch, rather than taking
/// the last disturbed second of the run, keeps a later pause of an overloaded machine from counting
/// as the fault's.
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

    /// <summary>Undisturbed seconds in a row that end the disturbance.</summary>
    public const int CleanSeconds = 3;

    public static FailoverSummary From(InjectedFault fault, IReadOnlyList<TimelineSecond> timeline, double slowMs = DefaultSlowMs)
    {
        var faultSecond = (int)Math.Floor(fault.AtSeconds);
        int? lastDisturbed = null;
        var clean = 0;
        foreach (var second in timeline.Where(s => s.Second >= faultSecond).OrderBy(s => s.Second))
        {
            if (second.Errors > 0 || second.SlowestMs > slowMs)
            {
                lastDisturbed = second.Second;
                clean = 0;
            }
            else if (++clean == CleanSeconds)
            {
                break;
            }
        }

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
