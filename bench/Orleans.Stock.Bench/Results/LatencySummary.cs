using HdrHistogram;

namespace Orleans.Stock.Bench.Results;

/// <summary>One operation's latency distribution in milliseconds.</summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencySummary? From(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return null;
        }

        return new LatencySummary(
            histogram.TotalCount,
            Ms(histogram.GetMean()),
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(95)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetValueAtPercentile(99.9)),
            Ms(histogram.GetMaxValue()));
    }

    // Recorded in microseconds; three decimals of a millisecond is all the histogram resolves anyway.
    private static double Ms(double micros) => Math.Round(micros / 1000.0, 3);
}
