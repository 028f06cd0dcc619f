using Orleans.Stock.Dashboard.Metrics;

namespace Orleans.Stock.UnitTests.Dashboard;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_ten_percent_of_the_exact_value()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 1000; i++)
        {
            histogram.Record(i * 0.5); // 0.5 ms .. 500 ms, evenly
        }

        var counts = new long[LatencyHistogram.BucketCount];
        histogram.CopyTo(counts);

        Assert.InRange(LatencyHistogram.Percentile(counts, 0.50)!.Value, 250, 275);
        Assert.InRange(LatencyHistogram.Percentile(counts, 0.99)!.Value, 495, 545);
        Assert.Null(LatencyHistogram.Percentile(new long[LatencyHistogram.BucketCount], 0.99));
    }
}
