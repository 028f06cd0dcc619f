namespace Orleans.Stock.Bench.Api.Contracts;

/// <summary>
/// The members of an event (docs/api.md, "Events and webhooks") the delivery probe uses: which product and
/// reservation it is about, and <c>occurredAt</c>, the commit's time, from which its delivery lag counts.
/// </summary>
public sealed record EventBody(string? Id, string? Type, string? Sku, DateTime OccurredAt, EventData? Data);
