using System.Globalization;
using Orleans.Stock.Bench.Load;

namespace Orleans.Stock.Bench.Terminal;

/// <summary>The live line of the load phase: counts so far and the reserve p99 of the last interval.</summary>
public sealed class LoadProgressLine(LoadStats stats, InFlightGate gate, long startTimestamp, TimeSpan duration)
{
    private double? _lastP99;

    /// <summary>Called by the display only: each call takes a new latency interval (see <see cref="LatencyTracker.SampleP99Ms"/>).</summary>
    public string Render()
    {
        _lastP99 = stats.Latency(Operation.Reserve).SampleP99Ms() ?? _lastP99;
        var elapsed = LoadStats.Since(startTimestamp).TotalSeconds;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Math.Min(elapsed, duration.TotalSeconds):0.0}/{duration.TotalSeconds:0.#}s · p99 {(_lastP99 is { } p99 ? p99.ToString("0.0", CultureInfo.InvariantCulture) : "-")}ms · sent {stats.SentCount:N0} · answered {stats.AnsweredCount:N0} · errors {stats.ErrorCount:N0} · in flight {gate.Count:N0}");
    }
}
