namespace Orleans.Stock.Grains.Ledger;

/// <summary>
/// The SKU was claimed by a newer activation after this writer's claim: this writer has been
/// replaced and must not write again (nothing of the failed append was written).
/// </summary>
public sealed class LedgerFencedException(string sku, long epoch)
    : Exception($"Ledger of '{sku}' was claimed after epoch {epoch}: this writer was replaced.")
{
    public string Sku { get; } = sku;
    public long Epoch { get; } = epoch;
}
