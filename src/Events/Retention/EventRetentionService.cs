using Microsoft.Extensions.Options;

namespace Orleans.Stock.Events.Retention;

/// <summary>
/// Runs retention every <see cref="EventRetentionOptions.RetentionInterval"/> in every API instance; the
/// deletes are idempotent, so instances running it at once only repeat each other's work.
/// </summary>
public sealed partial class EventRetentionService(
    EventPruner pruner,
    IOptionsMonitor<EventRetentionOptions> options,
    TimeProvider time,
    ILogger<EventRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var current = options.CurrentValue;
            try
            {
                // A full batch means more may be due: delete again before waiting.
                while (await pruner.PruneAsync(current.RetainFor, current.RetentionBatchSize, stoppingToken) == current.RetentionBatchSize)
                {
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(ex);
            }

            await Task.Delay(current.RetentionInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting delivered events failed; retrying on the next tick.")]
    private partial void LogPruneFailed(Exception exception);
}
