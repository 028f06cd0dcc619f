namespace Orleans.Stock.Engines.Sql;

/// <summary>The stock row's version moved between the read and the conditional update.</summary>
public sealed class OptimisticConflictException(string sku, long readVersion)
    : Exception($"Stock of '{sku}' changed after version {readVersion} was read.")
{
    public string Sku { get; } = sku;
}
