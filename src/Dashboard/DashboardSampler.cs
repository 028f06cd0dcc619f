using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions.Stats;
using Orleans.Stock.Dashboard.Alerts;
using Orleans.Stock.Dashboard.Metrics;
using Orleans.Stock.Dashboard.Snapshot;
using Orleans.Stock.Engines;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Engines.Sql;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// Once a second: turns the metric totals into rates, evaluates the alerts (always, so they are
/// logged and exported with no page open) and, when someone is watching, adds what costs a call
/// (the silos' write rates, the busiest SKUs' counters), then publishes one JSON snapshot to every
/// open stream. All the dashboard's work happens here, off the request path, whatever the number
/// of viewers.
/// </summary>
public sealed partial class DashboardSampler(
    MetricsTap tap,
    SkuActivity skus,
    AlertBoard alerts,
    SnapshotBroadcaster broadcaster,
    ConflictRateMonitor conflicts,
    StockEngines engines,
    IClusterClient cluster,
    IServiceProvider services,
    EventsPanelReader eventsPanel,
    IOptionsMonitor<DashboardOptions> dashboardOptions,
    IOptionsMonitor<SqlEngineOptions> sqlOptions,
    IOptionsMonitor<StockEngineOptions> apiOptions,
    TimeProvider time,
    ILogger<DashboardSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How long a viewer-only read may take before the snapshot goes out without it.</summary>
    private static readonly TimeSpan ReadBudget = TimeSpan.FromMilliseconds(500);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SeriesSampler _series = new();
    private readonly ProcessSampler _process = new();
    private readonly RedisEngineMetrics? _redis = services.GetService<RedisEngineMetrics>();
    private (long Batches, long Changes, long Optimistic, long Pessimistic, long Conflicts, long Retries, long Fallbacks) _previous;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = time.GetTimestamp();
        var rotated = time.GetUtcNow();
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetTimestamp();
            var seconds = Math.Max(time.GetElapsedTime(last, now).TotalSeconds, 0.001);
            last = now;
            var options = dashboardOptions.CurrentValue;
            if (time.GetUtcNow() - rotated >= options.BusySkuWindow)
            {
                skus.Rotate();
                rotated = time.GetUtcNow();
            }

            try
            {
                var snapshot = await SampleAsync(seconds, options, stoppingToken);
                broadcaster.Publish(JsonSerializer.Serialize(snapshot, Json));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogSampleFailed(ex);
            }
        }
    }

    private async Task<DashboardSnapshot> SampleAsync(double seconds, DashboardOptions options, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow().UtcDateTime;
        var windowIntervals = Math.Max(1, (int)Math.Round(options.AlertWindow.TotalSeconds / Interval.TotalSeconds));
        var series = _series.Sample(tap.Series, seconds, windowIntervals);
        var sql = SampleSql(seconds);
        var redis = SampleRedis(seconds);
        var pool = tap.ReadConnectionPool();
        var process = _process.Sample(seconds);

        var watched = broadcaster.Subscribers > 0;
        var grain = watched ? await ReadGrainAsync(cancellationToken) : null;
        var busiest = watched ? await ReadBusiestAsync(options, cancellationToken) : [];
        var events = watched ? await ReadEventsAsync(cancellationToken) : null;

        var (p99, p99Series) = _series.WorstWindowP99(options.AlertMinimumRequests);
        var window = $"over {options.AlertWindow.TotalSeconds:0} s";
        IReadOnlyList<AlertView> alertViews =
        [
            alerts.Update(AlertNames.ConflictRate, sql.ConflictRate, sql.ConflictThreshold, $"sql optimistic conflicts per attempt over {sql.ConflictWindowSeconds:0} s", at),
            alerts.Update(AlertNames.P99Latency, p99, options.P99AlertMilliseconds, $"worst reservation p99 (ms) {window}{(p99 is null ? "" : ", " + p99Series)}", at),
            alerts.Update(AlertNames.ErrorRate, _series.WindowErrorRate(options.AlertMinimumRequests), options.ErrorRateAlert, $"reservation errors per answer {window} (insufficient-stock excluded)", at),
            alerts.Update(AlertNames.RedisSyncLag, redis?.SyncLagMs, options.SyncLagAlert.TotalMilliseconds, "ms since the oldest change not yet written to PostgreSQL", at),
            alerts.Update(AlertNames.RedisDeadLetters, redis?.DeadLetters, 0, "changes PostgreSQL refused, kept in redis_sync_dead_letters (since this process started)", at),
        ];

        return new DashboardSnapshot(
            at,
            seconds,
            series,
            sql,
            grain,
            redis,
            new PoolView(pool.Used, pool.Idle, pool.Max, pool.Pending),
            process,
            busiest,
            Settings(options),
            alertViews,
            events);
    }

    private SqlView SampleSql(double seconds)
    {
        var totals = tap.Sql;
        var (optimistic, pessimistic, conflictCount, retries, fallbacks) =
            (totals.OptimisticAttempts, totals.PessimisticAttempts, totals.Conflicts, totals.Retries, totals.Fallbacks);
        var view = new SqlView(
            conflicts.Rate,
            conflicts.Threshold,
            conflicts.Window.TotalSeconds,
            (optimistic - _previous.Optimistic) / seconds,
            (pessimistic - _previous.Pessimistic) / seconds,
            (conflictCount - _previous.Conflicts) / seconds,
            (retries - _previous.Retries) / seconds,
            (fallbacks - _previous.Fallbacks) / seconds,
            retries,
            fallbacks);
        _previous = _previous with { Optimistic = optimistic, Pessimistic = pessimistic, Conflicts = conflictCount, Retries = retries, Fallbacks = fallbacks };
        return view;
    }

    private RedisView? SampleRedis(double seconds)
    {
        if (_redis is null)
        {
            return null;
        }

        var (batches, changes) = (tap.RedisSync.Batches, tap.RedisSync.Changes);
        var newBatches = batches - _previous.Batches;
        var newChanges = changes - _previous.Changes;
        _previous = _previous with { Batches = batches, Changes = changes };
        return new RedisView(_redis.SyncLag(), newBatches / seconds, newChanges / seconds, newBatches == 0 ? 0 : (double)newChanges / newBatches, _redis.DeadLetters);
    }

    private async Task<GrainView?> ReadGrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            var silos = await cluster.GetGrain<IWriteRatesGrain>(0).ReadAsync().WaitAsync(ReadBudget, cancellationToken);
            return GrainView.Of(silos);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The cluster is unreachable or slow: the page shows the grain panel as unavailable.
            LogGrainReadFailed(ex);
            return null;
        }
    }

    private async Task<EventsView?> ReadEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await eventsPanel.ReadAsync(cancellationToken).WaitAsync(ReadBudget, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database is slow or unreachable: the page shows the events panel as unavailable.
            LogEventsReadFailed(ex);
            return null;
        }
    }

    private async Task<IReadOnlyList<BusySkuView>> ReadBusiestAsync(DashboardOptions options, CancellationToken cancellationToken)
    {
        var busiest = skus.Busiest(options.BusySkus);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(ReadBudget);
        var rows = await Task.WhenAll(busiest.Select(async b =>
        {
            try
            {
                if (engines.TryGet(b.Engine, out var engine) && await engine.GetAsync(b.Sku, budget.Token) is { IsSuccess: true, Value: { } p })
                {
                    return new BusySkuView(b.Sku, b.Engine, b.PerSecond, p.OnHand, p.Available, p.Reserved, p.Sold);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A slow or failed read leaves the row's counters empty; the traffic figure still shows.
            }

            return new BusySkuView(b.Sku, b.Engine, b.PerSecond, null, null, null, null);
        }));
        return rows;
    }

    private SettingsView Settings(DashboardOptions dashboard)
    {
        var api = apiOptions.CurrentValue;
        var sql = sqlOptions.CurrentValue;
        return new SettingsView(
            api.DefaultEngine,
            api.Rollout.Percent is null ? null : api.Rollout.Engine,
            api.Rollout.Percent,
            sql.DefaultStrategy.ToString().ToLowerInvariant(),
            sql.OptimisticSharePercent,
            sql.MaxRetries,
            sql.RetryBaseDelay.TotalMilliseconds,
            sql.FallbackToPessimistic,
            sql.ConflictWarningThreshold,
            dashboard.P99AlertMilliseconds,
            dashboard.ErrorRateAlert,
            dashboard.SyncLagAlert.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard sample failed; the next second tries again.")]
    private partial void LogSampleFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the silos' write rates for the dashboard.")]
    private partial void LogGrainReadFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the webhooks' health and the threshold events for the dashboard.")]
    private partial void LogEventsReadFailed(Exception ex);
}
