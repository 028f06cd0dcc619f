namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>A webhook an instance holds the lease of: where its delivery stands, and the key to sign with.</summary>
public sealed record ClaimedWebhook(
    string Id,
    string Url,
    IReadOnlyList<string> Types,
    byte[] SigningKey,
    long Cursor,
    DateTime? FailingSince,
    int Attempts);
