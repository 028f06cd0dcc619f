using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Stock.Engines;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Engines.Sql;

namespace Orleans.Stock.Dashboard.Metrics;

/// <summary>
/// Listens to the instruments the API already records for <c>/metrics</c> and keeps the running
/// totals the dashboard turns into rates and percentiles. Reading the same measurements (rather than
/// counting a second time in the endpoints) means the page and <c>/metrics</c> cannot disagree, and
/// the request path gains only this listener's callback.
/// <para>
/// Meters are matched by instance, not by name: the instances come from this host's
/// <see cref="IMeterFactory"/>, so a second host in the same process (as in the tests) is not counted.
/// Npgsql's meter is static and process-wide, so its pool gauges are the whole process's.
/// </para>
/// </summary>
public sealed class MetricsTap : IDisposable
{
    public const string NpgsqlMeterName = "Npgsql";

    private readonly MeterListener _listener = new();
    private readonly HashSet<Meter> _ownMeters;
    private readonly ConcurrentDictionary<(string Engine, string Strategy), ReservationSeries> _series = new();
    private readonly Lock _poolGate = new();
    private long _poolUsed;
    private long _poolIdle;
    private long _poolMax;
    private long _poolPending;

    public MetricsTap(IMeterFactory meterFactory)
    {
        _ownMeters =
        [
            meterFactory.Create(ReservationMetrics.MeterName),
            meterFactory.Create(SqlEngineMetrics.MeterName),
            meterFactory.Create(RedisEngineMetrics.MeterName),
        ];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Wants(instrument))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => OnDouble(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnLong(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => OnLong(instrument, value, tags));
        _listener.Start();
    }

    public SqlEngineTotals Sql { get; } = new();

    public RedisSyncTotals RedisSync { get; } = new();

    public IReadOnlyCollection<ReservationSeries> Series => [.. _series.Values];

    /// <summary>Asks Npgsql for its pool gauges now (they are observable instruments, read on demand).</summary>
    public ConnectionPoolReading ReadConnectionPool()
    {
        lock (_poolGate)
        {
            _poolUsed = _poolIdle = _poolMax = _poolPending = 0;
            _listener.RecordObservableInstruments();
            return new ConnectionPoolReading(_poolUsed, _poolIdle, _poolMax, _poolPending);
        }
    }

    public void Dispose() => _listener.Dispose();

    private bool Wants(Instrument instrument) => instrument.Meter.Name == NpgsqlMeterName
        ? instrument.Name is "db.client.connection.count" or "db.client.connection.max" or "db.client.connection.npgsql.pending_requests"
        : _ownMeters.Contains(instrument.Meter) && instrument.Name is
            "stock.reservation.duration" or "stock.sql.attempts" or "stock.sql.conflicts" or "stock.sql.retries"
            or "stock.sql.fallbacks" or "stock.redis.sync.batch.size";

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // One histogram record per reservation answer: its tags carry engine, strategy and outcome.
        if (instrument.Name != "stock.reservation.duration")
        {
            return;
        }

        string? engine = null, strategy = null, outcome = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "engine": engine = tag.Value as string; break;
                case "strategy": strategy = tag.Value as string; break;
                case "outcome": outcome = tag.Value as string; break;
            }
        }

        if (engine is null || strategy is null || outcome is null)
        {
            return;
        }

        _series.GetOrAdd((engine, strategy), static key => new ReservationSeries(key.Engine, key.Strategy)).Record(outcome, value);
    }

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (instrument.Name)
        {
            case "stock.redis.sync.batch.size":
                RedisSync.Batch(value);
                return;
            case "db.client.connection.count":
                if (Tag(tags, "db.client.connection.state") == "used")
                {
                    _poolUsed += value;
                }
                else
                {
                    _poolIdle += value;
                }

                return;
            case "db.client.connection.max":
                _poolMax += value;
                return;
            case "db.client.connection.npgsql.pending_requests":
                _poolPending += value;
                return;
            default:
                Sql.Add(instrument.Name, Tag(tags, "strategy"), value);
                return;
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
