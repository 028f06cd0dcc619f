using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines;

/// <summary>
/// <c>GET /api/products</c>: a page of the catalog, each product read from the engine that owns it.
/// The catalog gives the order and the page; the engines give the counters, read side by side.
/// </summary>
public sealed class ProductListing(ProductCatalog catalog, StockEngines engines)
{
    // Enough to overlap the engines' round trips without one listing taking every pooled connection.
    private const int ReadsInFlight = 16;

    /// <returns>The page's products with their engine names in SKU order, and the <c>after</c> of the next page (null at the end);
    /// null when a product's engine is not served here or does not answer (a 503 for the caller).</returns>
    public async Task<ProductListingPage?> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var rows = await catalog.ListAsync(after, limit + 1, cancellationToken);
        var page = rows.Take(limit).ToArray();
        var products = new ProductView?[page.Length];
        var unavailable = false;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, page.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ReadsInFlight, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                if (!engines.TryGet(page[i].Engine, out var engine))
                {
                    unavailable = true;
                    return;
                }

                var reply = await engine.GetAsync(page[i].Sku, ct);
                switch (reply.Error)
                {
                    case StockError.None:
                        products[i] = reply.Value;
                        break;
                    case StockError.ProductNotFound:
                        // Catalogued but not (yet) readable from its engine: left out rather than invented.
                        break;
                    default:
                        unavailable = true;
                        break;
                }
            });

        if (unavailable)
        {
            return null;
        }

        var items = new List<(ProductView Product, string Engine)>(page.Length);
        for (var i = 0; i < page.Length; i++)
        {
            if (products[i] is { } product)
            {
                items.Add((product, page[i].Engine));
            }
        }

        return new ProductListingPage(items, rows.Count > limit ? page[^1].Sku : null);
    }
}

/// <summary>One page of <see cref="ProductListing"/>.</summary>
public sealed record ProductListingPage(IReadOnlyList<(ProductView Product, string Engine)> Items, string? Next);
