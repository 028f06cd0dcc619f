namespace Orleans.Stock.Webhooks.Subscriptions;

/// <summary>A subscription as created (its secret is shown once, by the API, from <see cref="WebhookStore.CreateAsync"/>).</summary>
public sealed record Webhook(string Id, string Url, IReadOnlyList<string> Types, DateTime CreatedAt);
