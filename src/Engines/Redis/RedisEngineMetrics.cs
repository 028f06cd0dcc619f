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
    private long _oldestUnsyncedMs;

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
        meter.CreateObservableGauge("stock.redis.sync.lag", SyncLag, unit: "ms", description: "Age of the oldest change not yet in PostgreSQL (0 when none was waiting at the last sync).");
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

    public void Expired(long count) => _expired.Add(count);

    public void Loaded(string reason) => _loads.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>The lag as the gauge reports it: it keeps growing between syncs while a change waits.</summary>
    public double SyncLag()
    {
        var oldest = Interlocked.Read(ref _oldestUnsyncedMs);
        return oldest == 0 ? 0 : Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - oldest);
    }
}
