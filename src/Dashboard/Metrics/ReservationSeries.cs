using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Orleans.Stock.Dashboard.Metrics;

/// <summary>
/// Everything the dashboard knows about the reservations of one engine and strategy, cumulative
/// since start: how many, how each was answered, and how long they took.
/// </summary>
public sealed class ReservationSeries(string engine, string strategy)
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _byOutcome = new(StringComparer.Ordinal);
    private long _count;

    public string Engine { get; } = engine;

    public string Strategy { get; } = strategy;

    public LatencyHistogram Latency { get; } = new();

    public long Count => Interlocked.Read(ref _count);

    public void Record(string outcome, double milliseconds)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Increment(ref _byOutcome.GetOrAdd(outcome, static _ => new StrongBox<long>()).Value);
        Latency.Record(milliseconds);
    }

    /// <summary>Answers by outcome tag so far (<c>reserved</c>, or a <c>StockError</c> name).</summary>
    public Dictionary<string, long> Outcomes() =>
        _byOutcome.ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value), StringComparer.Ordinal);
}
