using Microsoft.Extensions.Options;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// Releases due redis-engine reservations every <see cref="RedisEngineOptions.ExpirySweepInterval"/>:
/// the SKUs due first come from the <c>stock:expiring</c> sorted set, and each SKU's batch is one
/// script. Safe in every API process at once (a released reservation is no longer pending).
/// </summary>
public sealed partial class RedisExpirySweeper(
    RedisStockStore store,
    RedisRecoveryGate gate,
    RedisEngineMetrics metrics,
    TimeProvider time,
    IOptions<RedisEngineOptions> options,
    ILogger<RedisExpirySweeper> logger) : BackgroundService
{
    /// <summary>SKUs taken from the work list per round.</summary>
    public const int SkusPerRound = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Never on a Redis that may be behind PostgreSQL: what it released could be undone by the reload.
            if (!gate.IsOpen)
            {
                continue;
            }

            try
            {
                await SweepAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }
        }
    }

    /// <summary>Releases everything due now; returns how many reservations.</summary>
    private async Task<long> SweepAsync()
    {
        var batch = options.Value.ExpirySweepBatch;
        long released = 0;
        bool more;
        do
        {
            var now = time.GetUtcNow().UtcDateTime;
            var skus = await store.DueSkusAsync(now, SkusPerRound);
            more = skus.Length == SkusPerRound;
            foreach (var sku in skus)
            {
                var expired = await store.ExpireAsync(sku, now, batch);
                released += expired;
                more |= expired == batch;
            }
        }
        while (more);

        metrics.Expired(released);
        return released;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis expiry sweep failed; retrying on the next tick.")]
    private partial void LogSweepFailed(Exception ex);
}
