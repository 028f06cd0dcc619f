using Orleans.Stock.Events.Feed;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Api.Contracts;

/// <summary>A webhook as <c>GET /api/webhooks</c> shows it: no secret, and how its delivery stands.</summary>
/// <param name="Pending">Matching events not delivered yet.</param>
/// <param name="OldestPendingAt">When the oldest of them happened (null when none is pending).</param>
/// <param name="FailingSince">When delivery of the event at the cursor began to fail (null while it works).</param>
/// <param name="Attempts">Failed attempts at that event so far.</param>
/// <param name="Dropped">Events given up on after failing for the maximum event age.</param>
/// <param name="Cursor">Feed cursor delivered up to, as <c>GET /api/events?after=</c> takes it.</param>
public sealed record WebhookResponse(
    string Id,
    string Url,
    IReadOnlyList<string> Types,
    DateTime CreatedAt,
    DateTime? LastDeliveredAt,
    long Pending,
    DateTime? OldestPendingAt,
    DateTime? FailingSince,
    int Attempts,
    DateTime? NextAttemptAt,
    string? LastError,
    long Dropped,
    string? LastDroppedId,
    string Cursor)
{
    public static WebhookResponse From(WebhookState state) => new(
        state.Webhook.Id, state.Webhook.Url, state.Webhook.Types, state.Webhook.CreatedAt, state.LastDeliveredAt,
        state.Pending, state.OldestPendingAt, state.FailingSince, state.Attempts, state.NextAttemptAt, state.LastError,
        state.Dropped, state.LastDroppedId, FeedCursor.Format(state.Cursor));
}
