using Orleans.Stock.Bench.Metrics;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>What a run makes of two scrapes of <c>/metrics</c>: deltas, the sql conflict rate, the grain batch sizes.</summary>
public class MetricsCountersTests
{
    [Fact]
    public void Deltas_count_a_series_absent_before_from_zero_and_skip_gauges_and_unmoved_series()
    {
        var before = Snapshot(("stock_reservations_total{engine=\"grain\"}", 10), ("stock_idle_total", 4), ("stock_pending", 3));
        var after = Snapshot(
            ("stock_reservations_total{engine=\"grain\"}", 25),
            ("stock_reservations_total{engine=\"sql\"}", 7),
            ("stock_idle_total", 4),
            ("stock_pending", 9),
            ("stock_grain_batch_commands_sum", 30),
            ("other_total", 100));

        var deltas = after.DeltasSince(before, "stock_");

        Assert.Equal(
            new Dictionary<string, double>
            {
                ["stock_grain_batch_commands_sum"] = 30,
                ["stock_reservations_total{engine=\"grain\"}"] = 15,
                ["stock_reservations_total{engine=\"sql\"}"] = 7,
            },
            deltas);
    }

    [Fact]
    public void Sql_conflicts_are_measured_per_strategy_and_absent_counters_stay_null()
    {
        var before = Snapshot(
            ("stock_sql_attempts_total{strategy=\"optimistic\"}", 100),
            ("stock_sql_conflicts_total{strategy=\"optimistic\"}", 10));
        var after = Snapshot(
            ("stock_sql_attempts_total{strategy=\"optimistic\"}", 220),
            ("stock_sql_attempts_total{strategy=\"pessimistic\"}", 30),
            ("stock_sql_conflicts_total{strategy=\"optimistic\"}", 34));

        var measured = SqlConflictCounters.Measure(before, after);

        Assert.True(measured.MetricsScraped);
        Assert.Equal(150, measured.Attempts);
        Assert.Equal(24, measured.Conflicts);
        Assert.Equal(0.16, measured.ConflictRate!.Value, 6);
        Assert.Null(measured.Fallbacks);
        Assert.Equal(0.2, measured.ByStrategy!["optimistic"].ConflictRate!.Value, 6);
        Assert.Equal(0, measured.ByStrategy["pessimistic"].ConflictRate);
    }

    [Fact]
    public void Without_scrapes_or_sql_counters_nothing_is_made_up()
    {
        var unscraped = SqlConflictCounters.Measure(null, Snapshot());
        Assert.False(unscraped.MetricsScraped);
        Assert.Null(unscraped.Attempts);

        // A grain-only server: scraped, but no sql counter exists, which is not "0 conflicts".
        var grain = SqlConflictCounters.Measure(Snapshot(("stock_reservations_total", 1)), Snapshot(("stock_reservations_total", 9)));
        Assert.True(grain.MetricsScraped);
        Assert.Null(grain.Attempts);
        Assert.Null(grain.ConflictRate);
        Assert.Null(grain.ByStrategy);
    }

    [Fact]
    public void Grain_batches_turn_cumulative_buckets_into_size_ranges()
    {
        const string h = GrainBatchCounters.Histogram;
        var before = Snapshot(
            ($"{h}_count", 10), ($"{h}_sum", 30),
            ($"{h}_bucket{{le=\"1\"}}", 5), ($"{h}_bucket{{le=\"2\"}}", 8), ($"{h}_bucket{{le=\"4\"}}", 10),
            ($"{h}_bucket{{le=\"8\"}}", 10), ($"{h}_bucket{{le=\"+Inf\"}}", 10));
        var after = Snapshot(
            ($"{h}_count", 45), ($"{h}_sum", 130),
            ($"{h}_bucket{{le=\"1\"}}", 15), ($"{h}_bucket{{le=\"2\"}}", 28), ($"{h}_bucket{{le=\"4\"}}", 40),
            ($"{h}_bucket{{le=\"8\"}}", 40), ($"{h}_bucket{{le=\"+Inf\"}}", 45));

        var batches = GrainBatchCounters.Measure(before, after)!;

        Assert.Equal(35, batches.Batches);
        Assert.Equal(100, batches.Commands);
        Assert.Equal(2.9, batches.MeanCommands);
        Assert.Equal([new BatchBucket("1", 10), new BatchBucket("2", 10), new BatchBucket("3-4", 10), new BatchBucket(">8", 5)], batches.Buckets);
        Assert.Null(GrainBatchCounters.Measure(before, before));
    }

    private static MetricsSnapshot Snapshot(params (string Series, double Value)[] series) =>
        new(series.ToDictionary(s => s.Series, s => s.Value, StringComparer.Ordinal));
}
