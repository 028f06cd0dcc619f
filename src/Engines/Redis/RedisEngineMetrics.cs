using System.Diagnostics.Metrics;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// The guide's "Redis time" and "DB sync time", and what the write-behind still owes PostgreSQL
/// (meter <c>Orleans.Stock.Redis</c>).
/// </summary>
public sealed class RedisEngineMetrics
{
    public const string MeterName = "Orleans.Stock.Redis";

    private readonly TimeProvider _time;
    private readonly Histogram<double> _scriptDuration;
    private readonly Histogram<long> _syncBatchSize;
    private readonly Histogram<double> _syncDuration;
    private readonly Counter<long> _synced;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _loads;
    private readonly Counter<long> _deadLetters;
    private long _oldestUnsyncedMs;
    private long _lastSyncMs;
    private long _failingSinceMs;
    private long _deadLetterTotal;

    public RedisEngineMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        var meter = meterFactory.Create(MeterName);
        _scriptDuration = meter.CreateHistogram<double>("stock.redis.script.duration", unit: "ms", description: "Time of one Lua script, round trip included (the guide's Redis time).");
        _syncBatchSize = meter.CreateHistogram<long>("stock.redis.sync.batch.size", unit: "{change}", description: "Changes written to PostgreSQL per sync transaction.");
        _syncDuration = meter.CreateHistogram<double>("stock.redis.sync.duration", unit: "ms", description: "Time of one sync transaction, stream read included (the guide's DB sync time).");
        _synced = meter.CreateCounter<long>("stock.redis.synced", unit: "{change}", description: "Changes written behind to PostgreSQL.");
        _expired = meter.CreateCounter<long>("stock.redis.expired", unit: "{reservation}", description: "Reservations released by the expiry sweeper.");
        _loads = meter.CreateCounter<long>("stock.redis.loads", unit: "{product}", description: "Products loaded into Redis from PostgreSQL, by reason.");
        _deadLetters = meter.CreateCounter<long>("stock.redis.sync.dead_letters", unit: "{change}", description: "Changes PostgreSQL refused for their data, set aside in redis_sync_dead_letters so the write-behind goes on.");
        meter.CreateObservableGauge("stock.redis.sync.lag", SyncLag, unit: "ms", description: "Age of the oldest change not yet in PostgreSQL, and at least the time since the last successful sync while syncs fail (0 when none waits).");
    }

    public void Script(string script, double milliseconds) => _scriptDuration.Record(milliseconds, new KeyValuePair<string, object?>("script", script));

    public void Synced(int changes, double milliseconds)
    {
        _syncBatchSize.Record(changes);
        _syncDuration.Record(milliseconds);
        _synced.Add(changes);
    }

    /// <summary>When the oldest change still waiting for PostgreSQL was made (Unix ms), or null when none waits.</summary>
    public void OldestUnsynced(long? unixMilliseconds) => Interlocked.Exchange(ref _oldestUnsyncedMs, unixMilliseconds ?? 0);

    /// <summary>Changes set aside in the dead letters by this process (the counter's value).</summary>
    public long DeadLetters => Interlocked.Read(ref _deadLetterTotal);

    public void DeadLettered(int changes)
    {
        Interlocked.Add(ref _deadLetterTotal, changes);
        _deadLetters.Add(changes);
    }

    /// <summary>A drain of the stream committed: the lag is again only the age of what waits.</summary>
    public void SyncSucceeded()
    {
        Interlocked.Exchange(ref _lastSyncMs, _time.GetUtcNow().ToUnixTimeMilliseconds());
        Interlocked.Exchange(ref _failingSinceMs, 0);
    }

    /// <summary>A drain failed: until one succeeds, the lag is at least the time since the last that did.</summary>
    public void SyncFailed()
    {
        var last = Interlocked.Read(ref _lastSyncMs);
        Interlocked.CompareExchange(ref _failingSinceMs, last > 0 ? last : _time.GetUtcNow().ToUnixTimeMilliseconds(), 0);
    }

    public void Expired(long count) => _expired.Add(count);

    public void Loaded(string reason) => _loads.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>
    /// The lag as the gauge reports it: it keeps growing between syncs while a change waits, and
    /// while syncs fail it is never less than the time since the last one that succeeded.
    /// </summary>
    public double SyncLag()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var oldest = Interlocked.Read(ref _oldestUnsyncedMs);
        var lag = oldest == 0 ? 0 : Math.Max(0, now - oldest);
        var failingSince = Interlocked.Read(ref _failingSinceMs);
        return failingSince == 0 ? lag : Math.Max(lag, now - failingSince);
    }
}
