using Orleans.Stock.Bench.Api.Contracts;

namespace Orleans.Stock.Bench.Audit;

/// <summary>docs/api.md's invariants, which every product body must satisfy at every read, whatever the clients did.</summary>
public static class ProductInvariants
{
    public static IEnumerable<string> Check(ProductBody product, int createdWithStock)
    {
        if (product.OnHand != product.Available + product.Reserved)
        {
            yield return $"onHand {product.OnHand} != available {product.Available} + reserved {product.Reserved}";
        }

        if (product.Available < 0)
        {
            yield return $"available {product.Available} < 0";
        }

        if (product.Reserved < 0 || product.Sold < 0)
        {
            yield return $"negative counter: reserved {product.Reserved}, sold {product.Sold}";
        }

        if (product.InitialStock is { } initial && initial != createdWithStock)
        {
            yield return $"initialStock {initial} but the product was created with {createdWithStock}";
        }

        // Conservation; without the server's initialStock/restocked, the stock it was created with and
        // no restock (this tool never restocks its products).
        var stocked = (product.InitialStock ?? createdWithStock) + (product.Restocked ?? 0);
        if (stocked != product.OnHand + product.Sold)
        {
            yield return $"initialStock + restocked = {stocked} != onHand {product.OnHand} + sold {product.Sold}";
        }
    }
}
