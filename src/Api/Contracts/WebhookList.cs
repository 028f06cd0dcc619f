namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>GET /api/webhooks</c>: every webhook, oldest first.</summary>
public sealed record WebhookList(IReadOnlyList<WebhookResponse> Items);
