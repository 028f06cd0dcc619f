using Microsoft.Extensions.Options;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// The write-behind: every <see cref="RedisEngineOptions.SyncInterval"/> drains the change stream
/// into PostgreSQL. Between syncs it watches the oldest waiting change, so the lag metric grows
/// while changes wait rather than only being sampled at sync time. On a graceful stop it drains once more.
/// </summary>
public sealed partial class RedisSyncWorker(
    RedisChangeSync sync,
    RedisInstance instance,
    RedisRecoveryGate gate,
    RedisEngineMetrics metrics,
    TimeProvider time,
    IOptions<RedisEngineOptions> options,
    ILogger<RedisSyncWorker> logger) : BackgroundService
{
    /// <summary>How often the lag is sampled when the sync interval is longer.</summary>
    public static readonly TimeSpan LagSampling = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the final drain of a graceful stop may take.</summary>
    public static readonly TimeSpan FinalDrainTimeout = TimeSpan.FromSeconds(5);

    // Logged once per outage, not at every tick while Redis or PostgreSQL is down.
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SyncInterval;
        using var timer = new PeriodicTimer(interval < LagSampling ? interval : LagSampling, time);
        var nextSync = time.GetUtcNow() + interval;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (time.GetUtcNow() >= nextSync)
                {
                    nextSync = time.GetUtcNow() + interval;
                    await TickAsync(drain: true, stoppingToken);
                }
                else
                {
                    await TickAsync(drain: false, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            using var timeout = new CancellationTokenSource(FinalDrainTimeout, time);
            await TickAsync(drain: true, timeout.Token);
        }
    }

    private async Task TickAsync(bool drain, CancellationToken cancellationToken)
    {
        // Until reconciled, the stream may describe a Redis that is about to be corrected.
        if (!gate.IsOpen || instance.Id is not { } id)
        {
            return;
        }

        var failed = false;
        if (drain)
        {
            try
            {
                await sync.DrainAsync(id, cancellationToken);
                metrics.SyncSucceeded();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The lag must tell the truth while this repeats (the gauge then counts from the last good sync).
                failed = true;
                metrics.SyncFailed();
                if (!_failing)
                {
                    _failing = true;
                    LogSyncFailed(ex);
                }
            }
        }

        try
        {
            metrics.OldestUnsynced(await sync.OldestWaitingAsync() is { } oldest ? RedisHashes.UnixMilliseconds(oldest) : null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Redis unreachable: the last reading stands, and keeps ageing.
            failed = true;
        }

        if (drain && !failed && _failing)
        {
            _failing = false;
            LogSyncRecovered();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis write-behind to PostgreSQL failed; the changes stay in the stream and are retried every tick (logged again once it works).")]
    private partial void LogSyncFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis write-behind to PostgreSQL works again.")]
    private partial void LogSyncRecovered();
}
