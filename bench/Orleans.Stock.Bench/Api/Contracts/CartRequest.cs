namespace Orleans.Stock.Bench.Api.Contracts;

/// <summary>docs/api.md's multi-line reservation: several SKUs reserved all or nothing.</summary>
public sealed record CartRequest(string UserId, int TtlSeconds, IReadOnlyList<CartLineRequest> Lines);

public sealed record CartLineRequest(string Sku, int Quantity);
