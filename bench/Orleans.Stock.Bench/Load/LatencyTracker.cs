using System.Diagnostics;
using HdrHistogram;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Load;

/// <summary>
/// Latencies of one operation in microseconds. Writers record into an HdrHistogram
/// <see cref="Recorder"/> (wait-free, safe from any thread); the progress line takes interval
/// histograms from it for the current p99 and folds each into the run's total, so nothing is counted
/// twice and nothing is lost.
/// </summary>
public sealed class LatencyTracker
{
    // Ten minutes: far beyond any request timeout, so clamping never hides a real value.
    private const long HighestMicros = 600_000_000;
    private const int SignificantDigits = 3;

    private readonly Recorder _recorder = new(1, HighestMicros, SignificantDigits, static (id, low, high, digits) => new LongHistogram(id, low, high, digits));
    private readonly LongHistogram _total = new(1, HighestMicros, SignificantDigits);
    private readonly Lock _gate = new();
    private HistogramBase? _recycled;

    public void Record(long startTimestamp, long endTimestamp) =>
        RecordMicros((long)Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMicroseconds);

    public void RecordMicros(long micros) => _recorder.RecordValue(Math.Clamp(micros, 1, HighestMicros));

    /// <summary>Moves what was recorded since the last call into the total; returns that interval's p99 in ms, or null if it was empty.</summary>
    public double? SampleP99Ms()
    {
        lock (_gate)
        {
            var interval = _recorder.GetIntervalHistogram(_recycled);
            _total.Add(interval);
            _recycled = interval;
            return interval.TotalCount == 0 ? null : interval.GetValueAtPercentile(99) / 1000.0;
        }
    }

    /// <summary>The whole run so far; null when nothing was recorded.</summary>
    public LatencySummary? Summarize()
    {
        SampleP99Ms();
        lock (_gate)
        {
            return LatencySummary.From(_total);
        }
    }
}
