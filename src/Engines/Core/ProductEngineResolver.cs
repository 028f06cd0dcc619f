namespace Orleans.Stock.Engines;

/// <summary>From a SKU to the engine that owns it, as the catalog recorded it when the product was created.</summary>
public sealed class ProductEngineResolver(ProductCatalog catalog, StockEngines engines)
{
    /// <param name="sku">A SKU the caller has validated already.</param>
    public async ValueTask<EngineLookup> ResolveAsync(string sku, CancellationToken cancellationToken)
    {
        var name = await catalog.FindEngineAsync(sku, cancellationToken);
        if (name is null)
        {
            return EngineLookup.NotFound;
        }

        // The SKU's owner exists but this instance cannot reach it (e.g. no Redis configured): retryable, not a bug.
        return engines.TryGet(name, out var engine) ? EngineLookup.Found(engine) : EngineLookup.Missing(name);
    }
}
