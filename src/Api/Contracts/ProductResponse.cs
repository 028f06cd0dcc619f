using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Api.Contracts;

/// <summary>The product body of docs/api.md, plus the facts behind its invariants.</summary>
public sealed record ProductResponse(
    string Sku,
    string Name,
    string Engine,
    long OnHand,
    long Available,
    long Reserved,
    long Sold,
    long Version,
    long InitialStock,
    long Restocked,
    DateTime CreatedAt,
    int? MaxPerUser,
    int? LowStockThreshold,
    long Adjusted)
{
    public static ProductResponse From(ProductView view, string engine) => new(
        view.Sku, view.Name, engine, view.OnHand, view.Available, view.Reserved, view.Sold, view.Version,
        view.InitialStock, view.Restocked, view.CreatedAt, view.MaxPerUser, view.LowStockThreshold, view.Adjusted);
}
