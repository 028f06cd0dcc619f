using System.Diagnostics;
using Orleans.Stock.Bench.Api;

namespace Orleans.Stock.Bench.Load;

/// <summary>Everything measured during the load phase of one run (not the prefill, not the audit).</summary>
public sealed class LoadStats
{
    private readonly LatencyTracker[] _latency = [new(), new(), new()];
    private readonly LatencyTracker _serverReserve = new();
    private readonly LatencyTracker _sendLag = new();
    private long _scheduled;
    private long _sent;
    private long _answered;
    private long _errors;
    private long _reservesAnswered;
    private long _reservesSucceeded;
    private long _lastReserveAnswer;
    private string? _firstClientFault;

    public OutcomeCounts Outcomes { get; } = new();

    /// <summary>Endings per second from this object's creation, which is when the load starts.</summary>
    public SecondTimeline Timeline { get; } = new(Stopwatch.GetTimestamp());

    public ClientConflictTally Conflicts { get; } = new();

    public long ScheduledCount => Interlocked.Read(ref _scheduled);

    public long SentCount => Interlocked.Read(ref _sent);

    public long AnsweredCount => Interlocked.Read(ref _answered);

    public long ErrorCount => Interlocked.Read(ref _errors);

    public long ReservesAnswered => Interlocked.Read(ref _reservesAnswered);

    public long ReservesSucceeded => Interlocked.Read(ref _reservesSucceeded);

    /// <summary>Stopwatch timestamp of the last reserve answer, 0 if none.</summary>
    public long LastReserveAnswer => Interlocked.Read(ref _lastReserveAnswer);

    /// <summary>The first exception that escaped a session: a bug in this tool, reported rather than lost.</summary>
    public string? FirstClientFault => Volatile.Read(ref _firstClientFault);

    public LatencyTracker Latency(Operation operation) => _latency[(int)operation];

    /// <summary>
    /// The server's own <c>elapsedMs</c> of successful reserves. Set beside the client's latency it shows
    /// how much is queueing, HTTP and this client rather than the engine.
    /// </summary>
    public LatencyTracker ServerReserve => _serverReserve;

    /// <summary>
    /// From when each reserve was due to when this client handed it to the HTTP stack: the generator's
    /// own lateness (timer granularity, thread pool, its GC), which the reserve latency includes.
    /// </summary>
    public LatencyTracker SendLag => _sendLag;

    public void Scheduled() => Interlocked.Increment(ref _scheduled);

    public void Sent() => Interlocked.Increment(ref _sent);

    /// <summary>A reserve (or cart) leaves now; it was due at <paramref name="dueTimestamp"/>.</summary>
    public void ReserveSent(long dueTimestamp)
    {
        Sent();
        _sendLag.Record(dueTimestamp, Stopwatch.GetTimestamp());
    }

    public void RecordOverload()
    {
        Outcomes.Add(Operation.Reserve, ApiOutcome.ClientOverload);
        Interlocked.Increment(ref _errors);
    }

    public void RecordClientFault(Exception exception)
    {
        Outcomes.Add(Operation.Reserve, ApiOutcome.Transport("client-exception"));
        Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstClientFault, exception.ToString(), null);
    }

    /// <summary>
    /// Counts one ending. Latency is recorded for every HTTP answer, 4xx and 5xx included: a fast 409
    /// is a real answer a shopper waits for; errors are visible in the counts beside it.
    /// </summary>
    public void Record(Operation operation, ApiOutcome outcome, long startTimestamp, long endTimestamp)
    {
        Outcomes.Add(operation, outcome);
        Timeline.Record(outcome.IsError, startTimestamp, endTimestamp);
        if (outcome.IsError)
        {
            Interlocked.Increment(ref _errors);
        }

        if (outcome.Kind != OutcomeKind.Http)
        {
            return;
        }

        Interlocked.Increment(ref _answered);
        Latency(operation).Record(startTimestamp, endTimestamp);
        if (operation != Operation.Reserve)
        {
            return;
        }

        Interlocked.Increment(ref _reservesAnswered);
        if (outcome.IsSuccess)
        {
            Interlocked.Increment(ref _reservesSucceeded);
        }

        InterlockedMaximum.Raise(ref _lastReserveAnswer, endTimestamp);
    }

    /// <summary>Elapsed time since <paramref name="startTimestamp"/>, for the progress line.</summary>
    public static TimeSpan Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp);
}
