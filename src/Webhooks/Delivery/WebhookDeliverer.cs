using Microsoft.Extensions.Options;
using Orleans.Stock.Events.Feed;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>
/// Delivers one claimed webhook's events a batch at a time: the batch's SKUs concurrently (at most
/// <see cref="WebhookOptions.MaxConcurrentDeliveries"/> at once), each SKU's events one after another in feed
/// order (so in version order per SKU: none is sent before the previous one got its 2xx). The cursor is
/// stored every <see cref="CursorInterval"/> and at the batch's end, at the batch's watermark (everything at
/// or below it delivered), so retention and the webhook's state stay right. A restart or a takeover repeats
/// what was in flight and what other SKUs delivered above the first pending event (at least once). A failing
/// event is retried with exponential back-off and jitter (Polly), each failure recorded, until it is
/// delivered or older than <see cref="WebhookOptions.MaxEventAge"/>, then dropped; it holds back only its
/// own SKU within the batch, and the next batch until it is done.
/// </summary>
public sealed partial class WebhookDeliverer(
    EventFeedReader feed,
    WebhookDeliveryStore store,
    WebhookSender sender,
    WebhookMetrics metrics,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliverer> logger)
{
    /// <summary>How often a running batch stores its cursor: bounds what a crash repeats, for one write per interval.</summary>
    public static readonly TimeSpan CursorInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Works until the webhook has nothing more to deliver, its lease is lost, or the token is cancelled.</summary>
    public async Task DeliverAsync(ClaimedWebhook webhook, string owner, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        await using var lease = WebhookLease.Hold(store, webhook.Id, owner, settings.LeaseDuration, time, logger);
        using var working = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        using var failing = new WebhookFailingState(store, lease, webhook.FailingSince, webhook.Attempts);
        var cursor = webhook.Cursor;
        try
        {
            while (true)
            {
                var events = await feed.ReadAfterAsync(cursor, settings.BatchSize, webhook.Types, working.Token);
                if (events.Count == 0)
                {
                    return;
                }

                var watermark = new DeliveryWatermark([.. events.Select(e => e.Position)], cursor);
                try
                {
                    await DeliverBatchAsync(webhook, lease, events, watermark, failing, settings, working.Token);
                }
                finally
                {
                    // On a stop too: what was delivered is not delivered again by the next holder.
                    if (!lease.Lost.IsCancellationRequested && !await StoreCursorAsync(lease, watermark))
                    {
                        lease.Lose();
                    }
                }

                if (lease.Lost.IsCancellationRequested)
                {
                    return;
                }

                cursor = events[^1].Position;
            }
        }
        catch (OperationCanceledException) when (working.IsCancellationRequested)
        {
            // Stopping, or the lease was lost: the cursor holds what was delivered.
        }
    }

    private async Task DeliverBatchAsync(
        ClaimedWebhook webhook, WebhookLease lease, IReadOnlyList<StampedEvent> events, DeliveryWatermark watermark, WebhookFailingState failing, WebhookOptions settings, CancellationToken cancellationToken)
    {
        // Each SKU's events in feed order, the SKUs by their first event, so the watermark's head goes first.
        var bySku = events
            .Select((next, index) => (next, index))
            .GroupBy(e => e.next.Event.Sku, StringComparer.Ordinal)
            .ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentDeliveries, CancellationToken = cancellationToken };
        var sending = Parallel.ForEachAsync(bySku, parallel, async (sku, token) =>
        {
            foreach (var (next, index) in sku)
            {
                var deliveredAt = await DeliverOneAsync(webhook, lease, next, failing, settings, token);
                watermark.Done(index, deliveredAt);
            }
        });
        using var ticks = new PeriodicTimer(CursorInterval, time);
        while (await Task.WhenAny(sending, ticks.WaitForNextTickAsync(cancellationToken).AsTask()) != sending
            && !cancellationToken.IsCancellationRequested)
        {
            if (!await StoreCursorAsync(lease, watermark))
            {
                lease.Lose();
            }
        }

        await sending;
    }

    private async Task<bool> StoreCursorAsync(WebhookLease lease, DeliveryWatermark watermark) =>
        watermark.TakeAdvance() is not { } advance
        || await store.AdvancedAsync(lease.WebhookId, lease.Owner, advance.Cursor, advance.DeliveredAt, CancellationToken.None);

    /// <summary>Delivers or drops one event: when it was delivered, or null when it was dropped. Throws when the lease is lost.</summary>
    private async Task<DateTime?> DeliverOneAsync(
        ClaimedWebhook webhook, WebhookLease lease, StampedEvent next, WebhookFailingState failing, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var pipeline = Pipeline(webhook, lease, next.Event, failing, settings);
        bool delivered;
        try
        {
            delivered = (await pipeline.ExecuteAsync(
                static async (context, token) => await context.sender.SendAsync(context.webhook.Url, context.webhook.SigningKey, context.Event, token),
                (sender, webhook, next.Event),
                cancellationToken)).Delivered;
        }
        catch (TimeoutRejectedException)
        {
            delivered = false;
        }

        DateTime? deliveredAt = null;
        if (delivered)
        {
            metrics.Delivered();
            deliveredAt = time.GetUtcNow().UtcDateTime;
        }
        else
        {
            // The retries ended without a delivery: the event is past its age limit.
            metrics.Dropped();
            LogDropped(webhook.Id, next.Event.Id, next.Event.OccurredAt);
            if (!await store.DroppedAsync(webhook.Id, lease.Owner, next.Event.Id, CancellationToken.None))
            {
                LoseLease(lease);
            }
        }

        if (!await failing.ResolvedAsync(next.Event.Sku))
        {
            LoseLease(lease);
        }

        return deliveredAt;
    }

    private static void LoseLease(WebhookLease lease)
    {
        lease.Lose();
        lease.Lost.ThrowIfCancellationRequested();
    }

    private ResiliencePipeline<DeliveryAttempt> Pipeline(ClaimedWebhook webhook, WebhookLease lease, FeedEvent feedEvent, WebhookFailingState failing, WebhookOptions settings)
    {
        // Back-off continues from the failures already recorded (by this instance or one before it, for any SKU:
        // a receiver that fails one event likely fails the next).
        var recorded = failing.Attempts;
        var first = TimeSpan.FromTicks((long)Math.Min(settings.MaxRetryDelay.Ticks, settings.RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(recorded, 40))));
        return new ResiliencePipelineBuilder<DeliveryAttempt> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<DeliveryAttempt>
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = first,
                MaxDelay = settings.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    (args.Outcome.Exception is TimeoutRejectedException || args.Outcome.Result is { Delivered: false })
                    && time.GetUtcNow().UtcDateTime - feedEvent.OccurredAt < settings.MaxEventAge),
                OnRetry = async args =>
                {
                    var now = time.GetUtcNow().UtcDateTime;
                    var error = args.Outcome.Exception is TimeoutRejectedException ? $"no answer within {settings.DeliveryTimeout.TotalSeconds:0.#} s" : args.Outcome.Result?.Error ?? "failed";
                    var attempts = recorded + args.AttemptNumber + 1;
                    metrics.Failed();
                    LogAttemptFailed(webhook.Id, feedEvent.Id, attempts, error, args.RetryDelay);
                    if (!await failing.FailedAsync(feedEvent.Sku, now, attempts, now + args.RetryDelay, error))
                    {
                        LoseLease(lease);
                    }
                },
            })
            .AddTimeout(settings.DeliveryTimeout)
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivering {EventId} to webhook {WebhookId} failed (attempt {Attempts}: {Error}); retrying in {Delay}.")]
    private partial void LogAttemptFailed(string webhookId, string eventId, int attempts, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} dropped {EventId} (of {OccurredAt:o}): it failed past the age limit.")]
    private partial void LogDropped(string webhookId, string eventId, DateTime occurredAt);
}
