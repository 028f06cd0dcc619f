using Microsoft.Extensions.Options;
using Orleans.Stock.Events.Feed;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>
/// Delivers one claimed webhook's events in feed order (so in version order per SKU), one at a time,
/// storing the cursor after each success: a restart or a takeover repeats at most the event in flight (at
/// least once). A failing event is retried with exponential back-off and jitter (Polly), each failure
/// recorded, until it is delivered or older than <see cref="WebhookOptions.MaxEventAge"/>, then dropped.
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
    /// <summary>Works until the webhook has nothing more to deliver, its lease is lost, or the token is cancelled.</summary>
    public async Task DeliverAsync(ClaimedWebhook webhook, string owner, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        await using var lease = WebhookLease.Hold(store, webhook.Id, owner, settings.LeaseDuration, time, logger);
        using var working = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        var state = new FailingState(webhook.FailingSince, webhook.Attempts);
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

                foreach (var next in events)
                {
                    if (!await DeliverOneAsync(webhook, lease, next, state, settings, working.Token))
                    {
                        lease.Lose();
                        return;
                    }

                    cursor = next.Position;
                }
            }
        }
        catch (OperationCanceledException) when (working.IsCancellationRequested)
        {
            // Stopping, or the lease was lost: the cursor holds what was delivered.
        }
    }

    /// <summary>Delivers or drops one event; false when a fenced write found the lease gone.</summary>
    private async Task<bool> DeliverOneAsync(
        ClaimedWebhook webhook, WebhookLease lease, StampedEvent next, FailingState state, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var pipeline = Pipeline(webhook, lease, next.Event, state, settings);
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

        if (delivered)
        {
            metrics.Delivered();
            state.Clear();
            return await store.DeliveredAsync(webhook.Id, lease.Owner, next.Position, time.GetUtcNow().UtcDateTime, CancellationToken.None);
        }

        // The retries ended without a delivery: the event is past its age limit.
        metrics.Dropped();
        LogDropped(webhook.Id, next.Event.Id, next.Event.OccurredAt);
        state.Clear();
        return await store.DroppedAsync(webhook.Id, lease.Owner, next.Position, next.Event.Id, CancellationToken.None);
    }

    private ResiliencePipeline<DeliveryAttempt> Pipeline(ClaimedWebhook webhook, WebhookLease lease, FeedEvent feedEvent, FailingState state, WebhookOptions settings)
    {
        // Back-off continues from the failures already recorded (by this instance or one before it).
        var first = TimeSpan.FromTicks((long)Math.Min(settings.MaxRetryDelay.Ticks, settings.RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(state.Attempts, 40))));
        var recorded = state.Attempts;
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
                    state.Failed(now, recorded + args.AttemptNumber + 1);
                    metrics.Failed();
                    LogAttemptFailed(webhook.Id, feedEvent.Id, state.Attempts, error, args.RetryDelay);
                    if (!await store.FailedAsync(webhook.Id, lease.Owner, state.Since!.Value, state.Attempts, now + args.RetryDelay, error, CancellationToken.None))
                    {
                        lease.Lose();
                    }
                },
            })
            .AddTimeout(settings.DeliveryTimeout)
            .Build();
    }

    /// <summary>The failing state of the event at the cursor, as recorded.</summary>
    private sealed class FailingState(DateTime? since, int attempts)
    {
        public DateTime? Since { get; private set; } = since;

        public int Attempts { get; private set; } = attempts;

        public void Failed(DateTime now, int attempts)
        {
            Since ??= now;
            Attempts = attempts;
        }

        public void Clear()
        {
            Since = null;
            Attempts = 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivering {EventId} to webhook {WebhookId} failed (attempt {Attempts}: {Error}); retrying in {Delay}.")]
    private partial void LogAttemptFailed(string webhookId, string eventId, int attempts, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} dropped {EventId} (of {OccurredAt:o}): it failed past the age limit.")]
    private partial void LogDropped(string webhookId, string eventId, DateTime occurredAt);
}
