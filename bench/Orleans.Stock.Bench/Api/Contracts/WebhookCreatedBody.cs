namespace Orleans.Stock.Bench.Api.Contracts;

/// <summary>The answer to a webhook's creation: its id and the signing secret, which no other answer shows.</summary>
public sealed record WebhookCreatedBody(string? Id, string? Secret);
