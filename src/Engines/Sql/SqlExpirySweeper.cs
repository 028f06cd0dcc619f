using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// Releases expired sql-engine reservations, batch by batch, every <see cref="SqlEngineOptions.ExpirySweepInterval"/>.
/// Safe to run in every API instance at once (the sweep skips rows another sweeper holds).
/// </summary>
public sealed partial class SqlExpirySweeper(
    SqlExpiryStore store,
    SqlEngineMetrics metrics,
    TimeProvider time,
    IOptions<SqlEngineOptions> options,
    ILogger<SqlExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                int expired;
                do
                {
                    // To the millisecond, as every other change is stamped: the history row and its event show the same time.
                    expired = await store.ExpireDueAsync(time.UtcNowToMillisecond(), options.Value.ExpirySweepBatch, stoppingToken);
                    metrics.Expired(expired);
                }
                while (expired == options.Value.ExpirySweepBatch);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiry sweep failed; retrying on the next tick.")]
    private partial void LogSweepFailed(Exception ex);
}
