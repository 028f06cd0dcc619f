namespace Orleans.Stock.Bench.Api.Contracts;

/// <summary><c>POST /api/webhooks</c>: where the events go and which types (exact or <c>prefix.*</c>).</summary>
public sealed record CreateWebhookRequest(string Url, IReadOnlyList<string> Types);
