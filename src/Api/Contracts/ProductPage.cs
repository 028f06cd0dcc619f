namespace Orleans.Stock.Api.Contracts;

/// <summary>A page of <c>GET /api/products</c>: products in SKU order; <see cref="Next"/> is the <c>after</c> of the next page, null at the end.</summary>
public sealed record ProductPage(IReadOnlyList<ProductResponse> Items, string? Next);
