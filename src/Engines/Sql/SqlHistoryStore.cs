using Npgsql;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// A product's history from <c>stock_movements</c>. Products created before the engine recorded history have
/// no rows for the changes made until then (their <c>created</c> included): history starts at the first change
/// recorded, and nothing is made up for what came before.
/// </summary>
public sealed class SqlHistoryStore(NpgsqlDataSource dataSource)
{
    private const string SelectProduct = "select 1 from sql_stock where sku = $1";

    private const string SelectPage = """
        select version, kind, quantity, reservation_id, user_id, reason, actor, occurred_at
        from stock_movements
        where sku = $1 and version > $2
        order by version
        limit $3
        """;

    /// <summary>One round trip: whether the product exists, and up to <paramref name="limit"/> + 1 items after <paramref name="afterVersion"/>.</summary>
    public async Task<StockReply<HistoryPage>> ReadAsync(string sku, long afterVersion, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { SqlBatchCommands.Of(SelectProduct, sku), SqlBatchCommands.Of(SelectPage, sku, afterVersion, limit + 1) },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new StockReply<HistoryPage> { Error = StockError.ProductNotFound };
        }

        await reader.NextResultAsync(cancellationToken);
        var items = new List<HistoryItem>(Math.Min(limit + 1, 1_001));
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new HistoryItem(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), NullableString(reader, 3), NullableString(reader, 4),
                NullableString(reader, 5), NullableString(reader, 6), reader.GetDateTime(7)));
        }

        return new StockReply<HistoryPage> { Value = HistoryPage.From(items, limit) };
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
