namespace Orleans.Stock.Webhooks.Subscriptions;

/// <summary>
/// A subscription and how its delivery stands: <see cref="Pending"/> events above the cursor (the oldest from
/// <see cref="OldestPendingAt"/>; events delivered above an undelivered one still count), failing since
/// when, and the most attempts a failing event has had.
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
