namespace Orleans.Stock.Grains.Ledger;

/// <summary>The product catalog already names an owner for this SKU.</summary>
public sealed class ProductAlreadyCatalogedException(string sku, Exception inner)
    : Exception($"Product '{sku}' is already in the catalog.", inner)
{
    public string Sku { get; } = sku;
}
