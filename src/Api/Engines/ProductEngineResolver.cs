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
        if (name is null)
        {
            return (null, StockProblems.ProductNotFound(sku));
        }

        // The SKU's owner exists but this instance cannot reach it (e.g. no Redis configured): retryable, not a bug.
        return engines.TryGet(name, out var engine)
            ? (engine, null)
            : (null, StockProblems.Unavailable($"The '{name}' engine that owns '{sku}' is not available on this instance."));
    }
}
