namespace Orleans.Stock.Api.Contracts;

/// <summary>Answer of <c>POST /api/webhooks</c>: <see cref="Secret"/> signs every delivery and is shown here only.</summary>
public sealed record WebhookCreatedResponse(string Id, string Url, IReadOnlyList<string> Types, string Secret);
