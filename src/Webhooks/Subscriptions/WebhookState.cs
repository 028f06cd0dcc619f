namespace Orleans.Stock.Webhooks.Subscriptions;

/// <summary>
/// A subscription and how its delivery stands: <see cref="Pending"/> events not delivered yet (the oldest
/// from <see cref="OldestPendingAt"/>), failing since when, how many attempts the event at the cursor had.
/// </summary>
public sealed record WebhookState(
    Webhook Webhook,
    long Cursor,
    DateTime? LastDeliveredAt,
    long Pending,
    DateTime? OldestPendingAt,
    DateTime? FailingSince,
    int Attempts,
    DateTime? NextAttemptAt,
    string? LastError,
    long Dropped,
    string? LastDroppedId,
    bool Leased);
