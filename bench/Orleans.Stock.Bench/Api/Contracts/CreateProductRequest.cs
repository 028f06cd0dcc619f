namespace Orleans.Stock.Bench.Api.Contracts;

public sealed record CreateProductRequest(string Sku, string Name, int InitialStock, string Engine);
