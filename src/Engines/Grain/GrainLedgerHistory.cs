using Npgsql;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Grain;

/// <summary>
/// A grain product's history, read straight from its ledger (<c>stock_ledger</c>): the ledger is the truth,
/// every row in it is a change the grain acknowledged only after it committed (so a client reads its own
/// changes), and reading it needs no activation, so paging an idle product's history neither wakes its
/// grain nor waits behind its write loop. Rows map to items as <c>LedgerHistory</c> maps them in the grain.
/// </summary>
public sealed class GrainLedgerHistory(NpgsqlDataSource dataSource)
{
    // Ledger kinds are the history kinds capitalised (LedgerEventKind); a Reserved row's actor is its owner.
    private const string SelectPage = """
        select version, lower(kind), quantity, reservation_id, user_id, reason,
               case when kind = 'Reserved' then owner else actor end, occurred_at
        from stock_ledger
        where sku = $1 and version > $2
        order by version
        limit $3
        """;

    private const string SelectExists = "select exists (select 1 from stock_ledger where sku = $1)";

    public async Task<StockReply<HistoryPage>> ReadAsync(string sku, long afterVersion, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var items = new List<HistoryItem>();
        await using (var command = dataSource.CreateCommand(SelectPage))
        {
            command.Parameters.Add(new() { Value = sku });
            command.Parameters.Add(new() { Value = afterVersion });
            // One more than asked: it only says whether there is a next page.
            command.Parameters.Add(new() { Value = limit + 1 });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new HistoryItem(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetDateTime(7)));
            }
        }

        // An empty page is the end of a product's history, or no product at all (its Created row is version 1).
        if (items.Count == 0 && !await ExistsAsync(sku, cancellationToken))
        {
            return new StockReply<HistoryPage> { Error = StockError.ProductNotFound };
        }

        return new StockReply<HistoryPage> { Value = HistoryPage.From(items, limit) };
    }

    private async Task<bool> ExistsAsync(string sku, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectExists);
        command.Parameters.Add(new() { Value = sku });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
