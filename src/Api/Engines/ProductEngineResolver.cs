using Orleans.Stock.Api.Catalog;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Engines;

/// <summary>From a SKU in a route to the engine that owns it, or the problem that answers instead.</summary>
public sealed class ProductEngineResolver(ProductCatalog catalog, StockEngines engines)
{
    public async ValueTask<(IStockEngine? Engine, IResult? Problem)> ResolveAsync(string sku, CancellationToken cancellationToken)
    {
        if (!InputRules.Sku().IsMatch(sku))
        {
            return (null, StockProblems.ValidationFailed(new ValidationErrors().Sku("sku", sku)));
        }

        var name = await catalog.FindEngineAsync(sku, cancellationToken);
        return name is null ? (null, StockProblems.ProductNotFound(sku)) : (engines[name], null);
    }
}
