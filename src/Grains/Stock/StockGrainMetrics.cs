using System.Diagnostics.Metrics;
using Orleans.Stock.Abstractions.Stats;

namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// OpenTelemetry instruments of the write loop (meter <c>Orleans.Stock.Grains</c>), and the same
/// figures as running totals for the silo's own dashboard report (<see cref="Totals"/>): a silo
/// has no metrics endpoint, and the totals cost a few interlocked adds per batch, not per request.
/// </summary>
public sealed class StockGrainMetrics
{
    public const string MeterName = "Orleans.Stock.Grains";

    /// <summary>Upper bounds of the batch-size histogram's buckets.</summary>
    public static readonly int[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];

    private readonly Counter<long> _events;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _writeFailures;
    private readonly Counter<long> _fenced;
    private readonly Histogram<int> _batchCommands;
    private readonly Histogram<double> _appendMs;
    private readonly Counter<long> _snapshots;
    private long _batches;
    private long _commands;
    private long _eventCount;
    private long _conflictCount;
    private long _appendMicroseconds;
    private long _expiryTimersArmed;
    private long _expiryTimerFirings;

    public StockGrainMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _events = meter.CreateCounter<long>("stock.grain.ledger.events", description: "Ledger events appended by stock grains.");
        _conflicts = meter.CreateCounter<long>("stock.grain.ledger.conflicts", description: "Appends refused because another writer moved the ledger.");
        _writeFailures = meter.CreateCounter<long>("stock.grain.ledger.failures", description: "Appends that failed for another reason (answered 503).");
        _fenced = meter.CreateCounter<long>("stock.grain.ledger.fenced", description: "Appends refused because a newer activation claimed the SKU (the old one steps down).");
        // Powers of two: the distribution of batch sizes is the evidence that group commit works.
        _batchCommands = meter.CreateHistogram(
            "stock.grain.batch.commands",
            unit: null,
            description: "Commands decided per group commit.",
            tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
        _appendMs = meter.CreateHistogram<double>("stock.grain.append.duration", unit: "ms", description: "Time of one ledger append.");
        _snapshots = meter.CreateCounter<long>("stock.grain.snapshots", description: "Snapshots written to grain storage.");
        // What idle activations cost: a timer is armed only while something can expire.
        meter.CreateObservableGauge("stock.grain.expiry.timers", () => ExpiryTimersArmed, description: "Activations whose expiry timer is armed (they hold pending reservations).");
        meter.CreateObservableCounter("stock.grain.expiry.wakeups", () => ExpiryTimerFirings, description: "Times an expiry timer fired.");
    }

    public void Appended(int commands, int events, double milliseconds)
    {
        _batchCommands.Record(commands);
        _events.Add(events);
        _appendMs.Record(milliseconds);
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _commands, commands);
        Interlocked.Add(ref _eventCount, events);
        Interlocked.Add(ref _appendMicroseconds, (long)(milliseconds * 1000));
    }

    public void Conflict()
    {
        _conflicts.Add(1);
        Interlocked.Increment(ref _conflictCount);
    }

    /// <summary>Everything this silo's write loops did since it started.</summary>
    public WriteLoopTotals Totals => new(
        Interlocked.Read(ref _batches),
        Interlocked.Read(ref _commands),
        Interlocked.Read(ref _eventCount),
        Interlocked.Read(ref _conflictCount),
        Interlocked.Read(ref _appendMicroseconds) / 1000.0);

    /// <summary>Activations of this silo whose expiry timer is armed now.</summary>
    public long ExpiryTimersArmed => Interlocked.Read(ref _expiryTimersArmed);

    /// <summary>Expiry timer firings on this silo since it started.</summary>
    public long ExpiryTimerFirings => Interlocked.Read(ref _expiryTimerFirings);

    public void ExpiryTimerArmed() => Interlocked.Increment(ref _expiryTimersArmed);

    public void ExpiryTimerDisarmed() => Interlocked.Decrement(ref _expiryTimersArmed);

    public void ExpiryTimerFired() => Interlocked.Increment(ref _expiryTimerFirings);

    public void WriteFailed() => _writeFailures.Add(1);

    public void Fenced() => _fenced.Add(1);

    public void SnapshotWritten() => _snapshots.Add(1);
}
