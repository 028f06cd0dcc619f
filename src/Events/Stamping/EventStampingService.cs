using Microsoft.Extensions.Options;

namespace Orleans.Stock.Events.Stamping;

/// <summary>
/// Runs the stamper in every API instance, every <see cref="EventStampingOptions.StampInterval"/> (at once
/// again while a pass fills its batch, so a backlog drains without waiting). Instances that find the
/// lock taken skip the pass: one stamps, the others stand by to take over.
/// </summary>
public sealed partial class EventStampingService(
    EventStamper stamper,
    IOptionsMonitor<EventStampingOptions> options,
    TimeProvider time,
    ILogger<EventStampingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var current = options.CurrentValue;
            var full = false;
            try
            {
                full = await stamper.StampAsync(current.StampBatchSize, stoppingToken) == current.StampBatchSize;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is unreachable: try again on the next tick, the rows wait unstamped.
                LogStampFailed(ex);
            }

            if (!full)
            {
                await Task.Delay(current.StampInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stamping outbox events failed; retrying on the next tick.")]
    private partial void LogStampFailed(Exception exception);
}
