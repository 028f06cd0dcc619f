using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.Validation;
using Orleans.Stock.Engines;

namespace Orleans.Stock.Api.Endpoints;

/// <summary>From a <c>{sku}</c> in a route to the engine that owns it, or the problem that answers instead.</summary>
public static class ProductRoute
{
    public static async ValueTask<(IStockEngine? Engine, IResult? Problem)> ResolveRouteAsync(
        this ProductEngineResolver resolver, string sku, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().RouteSku(sku);
        if (!errors.IsEmpty)
        {
            return (null, StockProblems.ValidationFailed(errors));
        }

        var lookup = await resolver.ResolveAsync(sku, cancellationToken);
        return lookup switch
        {
            { Engine: { } engine } => (engine, null),
            { IsNotFound: true } => (null, StockProblems.ProductNotFound(sku)),
            _ => (null, StockProblems.Unavailable($"The '{lookup.MissingEngine}' engine that owns '{sku}' is not available on this instance.")),
        };
    }
}
