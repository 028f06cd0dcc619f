using Npgsql;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// <c>PATCH /api/products/{sku}</c>: a product's settings, no counter, no version, no history. The stock row's
/// update takes its lock, so a reservation after it sums what the user holds against the new limit at once.
/// The catalog row gets the same values, for readers that list every engine's products from it.
/// </summary>
public sealed class SqlProductSettingsStore(NpgsqlDataSource dataSource)
{
    private static readonly string UpdateStock = $"""
        update sql_stock
        set max_per_user = case when $2 then $3 else max_per_user end,
            low_stock_threshold = case when $4 then $5 else low_stock_threshold end,
            updated_at = $6
        where sku = $1
        returning {SqlProductColumns.Plain}
        """;

    private const string MirrorToCatalog = """
        update stock_products p set max_per_user = s.max_per_user, low_stock_threshold = s.low_stock_threshold
        from sql_stock s where s.sku = $1 and p.sku = s.sku
        """;

    /// <summary>One round trip: the batch runs as one implicit transaction, so both rows change or neither.</summary>
    public async Task<StockReply<ProductView>> UpdateAsync(string sku, ProductSettingsChange change, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                SqlBatchCommands.Of(UpdateStock, sku, change.SetsMaxPerUser, Nullable(change.MaxPerUser), change.SetsLowStockThreshold,
                    Nullable(change.LowStockThreshold), now),
                SqlBatchCommands.Of(MirrorToCatalog, sku),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StockReply<ProductView> { Value = SqlProductColumns.Read(reader) }
            : new StockReply<ProductView> { Error = StockError.ProductNotFound };
    }

    private static object Nullable(int? value) => (object?)value ?? DBNull.Value;
}
