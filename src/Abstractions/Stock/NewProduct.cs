namespace Orleans.Stock.Abstractions;

/// <summary>A validated <c>POST /api/products</c>, for the engine that will own the SKU.</summary>
/// <param name="MaxPerUser">Units one user may hold (pending plus confirmed); null: no limit.</param>
/// <param name="LowStockThreshold">At or below this many available units the product is low (<c>stock.low</c>); null: never.</param>
/// <param name="Actor">The caller's key id, recorded on the <c>created</c> history item.</param>
[GenerateSerializer, Immutable, Alias("stock.NewProduct")]
public sealed record NewProduct(
    [property: Id(0)] string Name,
    [property: Id(1)] long InitialStock,
    [property: Id(2)] int? MaxPerUser = null,
    [property: Id(3)] int? LowStockThreshold = null,
    [property: Id(4)] string? Actor = null);
