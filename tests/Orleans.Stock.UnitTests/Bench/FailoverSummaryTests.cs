using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>A failover run's split into before / during / after the fault, from its per-second timeline.</summary>
public class FailoverSummaryTests
{
    private static readonly InjectedFault Fault = new("kill -9 4242", 5.4, 0, "");

    [Fact]
    public void The_disturbance_runs_from_the_fault_to_the_first_of_three_clean_seconds()
    {
        // Errors in seconds 5 and 6; 7, 8, 9 are clean; a late hiccup at 11 is not the fault's.
        var timeline = Timeline(12, errorsAt: [5, 6, 11]);

        var summary = FailoverSummary.From(Fault, timeline);

        Assert.Equal(new PhaseCounts(5, 500, 0, 20), summary.Before);
        Assert.Equal(new PhaseCounts(2, 200, 20, 20), summary.During);
        Assert.Equal(5, summary.After.Seconds);
        Assert.Equal(10, summary.After.Errors);
        Assert.Equal(1.6, summary.RecoveredAfterSeconds);
    }

    [Fact]
    public void A_slow_answer_counts_as_disturbed_like_an_error()
    {
        var timeline = Timeline(10, errorsAt: []).Select(s => s.Second == 5 ? s with { SlowestMs = 1_500 } : s).ToList();

        var summary = FailoverSummary.From(Fault, timeline);

        Assert.Equal(1, summary.During.Seconds);
        Assert.Equal(1_500, summary.During.SlowestMs);
        Assert.Equal(0.6, summary.RecoveredAfterSeconds);
    }

    [Fact]
    public void No_error_and_no_slow_answer_is_recovery_after_zero_seconds()
    {
        var summary = FailoverSummary.From(Fault, Timeline(10, errorsAt: []));

        Assert.Equal(0, summary.RecoveredAfterSeconds);
        Assert.Equal(0, summary.During.Seconds);
        Assert.Equal(5, summary.Before.Seconds);
        Assert.Equal(5, summary.After.Seconds);
    }

    // 100 requests a second, the slowest 20 ms; 10 errors in each second listed.
    private static List<TimelineSecond> Timeline(int seconds, int[] errorsAt) =>
        [.. Enumerable.Range(0, seconds).Select(s => new TimelineSecond(s, 100, errorsAt.Contains(s) ? 10 : 0, 20))];
}
