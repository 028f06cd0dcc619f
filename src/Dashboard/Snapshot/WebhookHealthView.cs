namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>A row of the webhook health table: what waits, since when it fails, how old the oldest undelivered event is.</summary>
public sealed record WebhookHealthView(
    string Id,
    string Url,
    long Pending,
    double? OldestPendingAgeSeconds,
    DateTime? FailingSince,
    int Attempts,
    string? LastError,
    DateTime? LastDeliveredAt,
    long Dropped);
