namespace Orleans.Stock.Bench.Api.Contracts;

/// <summary>The members of a cart answer the load generator and its audit use.</summary>
public sealed record CartBody(string? CartId, string? Status, IReadOnlyList<CartLineBody>? Lines);

public sealed record CartLineBody(string? Sku, string? ReservationId, int Quantity, string? Status);
