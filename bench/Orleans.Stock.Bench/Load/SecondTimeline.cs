using System.Diagnostics;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Load;

/// <summary>
/// Requests answered and failed in each second since the load began, and the slowest answer of each
/// second. A run's totals hide when things went wrong; a failover run needs exactly that: how many
/// errors before, during and after a fault, and when they stopped.
/// </summary>
public sealed class SecondTimeline
{
    // Generous: longer than any run plus its drain; later answers land in the last second.
    private const int Capacity = 3_600;

    private readonly long _start;
    private readonly long[] _answered = new long[Capacity];
    private readonly long[] _errors = new long[Capacity];
    private readonly long[] _slowestMicros = new long[Capacity];
    private long _lastSecond = -1;

    public SecondTimeline(long startTimestamp) => _start = startTimestamp;

    /// <summary>Counts one ending in the second its answer (or failure) arrived.</summary>
    public void Record(bool isError, long startTimestamp, long endTimestamp)
    {
        var second = SecondOf(endTimestamp);
        Interlocked.Increment(ref _answered[second]);
        if (isError)
        {
            Interlocked.Increment(ref _errors[second]);
        }

        InterlockedMaximum.Raise(ref _slowestMicros[second], (long)Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMicroseconds);
        InterlockedMaximum.Raise(ref _lastSecond, second);
    }

    /// <summary>Seconds since the start, as a fraction: where an event (a fault) falls on this timeline.</summary>
    public double SecondsAt(long timestamp) => Stopwatch.GetElapsedTime(_start, timestamp).TotalSeconds;

    public IReadOnlyList<TimelineSecond> Snapshot()
    {
        var last = (int)Interlocked.Read(ref _lastSecond);
        var seconds = new TimelineSecond[last + 1];
        for (var i = 0; i <= last; i++)
        {
            seconds[i] = new TimelineSecond(
                i,
                Interlocked.Read(ref _answered[i]),
                Interlocked.Read(ref _errors[i]),
                Math.Round(Interlocked.Read(ref _slowestMicros[i]) / 1000.0, 2));
        }

        return seconds;
    }

    private int SecondOf(long timestamp)
    {
        var second = (int)Math.Floor(Stopwatch.GetElapsedTime(_start, timestamp).TotalSeconds);
        return Math.Clamp(second, 0, Capacity - 1);
    }
}
