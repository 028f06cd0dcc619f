namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>
/// A held claim on one webhook, renewed every third of its duration while deliveries run (a receiver may
/// take its whole timeout, a retry may wait minutes). If a renewal finds the lease gone (this instance was
/// paused past it and another took over, or the webhook was deleted), <see cref="Lost"/> is cancelled and
/// the delivery stops; its fenced writes would fail anyway.
/// </summary>
public sealed partial class WebhookLease : IAsyncDisposable
{
    private readonly WebhookDeliveryStore _store;
    private readonly TimeSpan _duration;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;

    private WebhookLease(WebhookDeliveryStore store, string webhookId, string owner, TimeSpan duration, TimeProvider time, ILogger logger)
    {
        _store = store;
        _duration = duration;
        _logger = logger;
        WebhookId = webhookId;
        Owner = owner;
        _renewals = RenewAsync(time);
    }

    public string WebhookId { get; }

    public string Owner { get; }

    public CancellationToken Lost => _lost.Token;

    /// <summary>Starts renewing a lease that <paramref name="owner"/> has just claimed.</summary>
    public static WebhookLease Hold(WebhookDeliveryStore store, string webhookId, string owner, TimeSpan duration, TimeProvider time, ILogger logger) =>
        new(store, webhookId, owner, duration, time, logger);

    /// <summary>Marks the lease lost (a fenced write found it gone).</summary>
    public void Lose() => _lost.Cancel();

    /// <summary>Stops renewing and gives the webhook up, so any instance may take it at once.</summary>
    public async ValueTask DisposeAsync()
    {
        // Renewals stop first, or one could push the lease out again after the release.
        await _stop.CancelAsync();
        await _renewals.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_lost.IsCancellationRequested)
        {
            try
            {
                await _store.ReleaseAsync(WebhookId, Owner, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Then the lease simply runs out: the webhook is taken over a little later.
                LogReleaseFailed(_logger, ex, WebhookId);
            }
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync(TimeProvider time)
    {
        using var timer = new PeriodicTimer(_duration / 3, time);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            try
            {
                if (!await _store.RenewAsync(WebhookId, Owner, _duration, _stop.Token))
                {
                    LogLeaseLost(_logger, WebhookId);
                    await _lost.CancelAsync();
                    return;
                }
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                // The next tick tries again; the lease lasts three ticks.
                LogRenewFailed(_logger, ex, WebhookId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease of webhook {WebhookId} was lost; its delivery stops here.")]
    private static partial void LogLeaseLost(ILogger logger, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of webhook {WebhookId} failed; retrying.")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the lease of webhook {WebhookId} failed; it runs out instead.")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string webhookId);
}
