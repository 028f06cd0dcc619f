namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// Opens <see cref="RedisRecoveryGate"/>: whenever it is closed (start-up, the connection to Redis
/// dropped) reconciles Redis with PostgreSQL, retrying until both answer, then lets requests in and
/// loads what the reconciliation asked for in the background.
/// </summary>
public sealed partial class RedisRecoveryWorker(
    RedisReconciler reconciler,
    RedisRecoveryGate gate,
    RedisProductLoader loader,
    TimeProvider time,
    ILogger<RedisRecoveryWorker> logger) : BackgroundService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            await gate.Closed.WaitAsync(stoppingToken);
            var generation = gate.Generation;
            IReadOnlyList<string> toLoad;
            try
            {
                toLoad = await reconciler.ReconcileAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Once per outage with the cause; the retries meanwhile at debug level.
                if (failures++ == 0)
                {
                    LogReconcileFailed(ex);
                }
                else
                {
                    LogReconcileRetry(failures, ex.Message);
                }

                await Task.Delay(RetryDelay, time, stoppingToken);
                continue;
            }

            failures = 0;

            if (!gate.Open(generation))
            {
                // The connection dropped again meanwhile: reconcile again.
                continue;
            }

            LogOpen();

            foreach (var sku in toLoad)
            {
                try
                {
                    await loader.LoadMissingAsync(sku);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The rest load on first use.
                    LogBackgroundLoadFailed(ex, sku);
                    break;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling Redis with PostgreSQL failed; redis-engine requests wait and the reconciliation is retried.")]
    private partial void LogReconcileFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is reconciled with PostgreSQL; redis-engine requests are served.")]
    private partial void LogOpen();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciling Redis with PostgreSQL failed again (attempt {Attempt}): {Reason}")]
    private partial void LogReconcileRetry(int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading {Sku} into Redis in the background failed; it and the rest load on first use.")]
    private partial void LogBackgroundLoadFailed(Exception ex, string sku);
}
