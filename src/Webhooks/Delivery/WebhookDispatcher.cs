using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>
/// Runs in every API instance: every <see cref="WebhookOptions.PollInterval"/> it claims webhooks with
/// events to deliver (up to <see cref="WebhookOptions.MaxConcurrentWebhooks"/> at once) and delivers each
/// under its lease. The lease keeps instances off each other's webhooks; a dead instance's webhooks are
/// taken over once its leases run out.
/// </summary>
public sealed partial class WebhookDispatcher(
    WebhookDeliveryStore store,
    WebhookDeliverer deliverer,
    WebhookInstance instance,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var settings = options.CurrentValue;
                var room = settings.MaxConcurrentWebhooks - _running.Count;
                if (room > 0)
                {
                    try
                    {
                        await ClaimAsync(settings, room, stoppingToken);
                    }
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                    {
                        LogClaimFailed(ex);
                    }
                }

                await Task.Delay(settings.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            // Each delivery stops at the cancellation and releases its lease.
            await Task.WhenAll(_running.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ClaimAsync(WebhookOptions settings, int room, CancellationToken stoppingToken)
    {
        var owner = instance.NewLeaseOwner();
        foreach (var webhook in await store.ClaimAsync(owner, settings.LeaseDuration, room, stoppingToken))
        {
            _running[webhook.Id] = Task.Run(async () =>
            {
                try
                {
                    await deliverer.DeliverAsync(webhook, owner, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The lease is released (or runs out); the next claim, here or elsewhere, continues.
                    LogDeliveryFailed(ex, webhook.Id);
                }
                finally
                {
                    _running.TryRemove(webhook.Id, out _);
                }
            }, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming webhooks failed; retrying on the next tick.")]
    private partial void LogClaimFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering webhook {WebhookId} failed; it is claimed again later.")]
    private partial void LogDeliveryFailed(Exception exception, string webhookId);
}
