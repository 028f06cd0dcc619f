using System.Collections.Concurrent;
using Npgsql;

namespace Orleans.Stock.Engines;

/// <summary>
/// Which engine owns a SKU (table <c>stock_products</c>). An owner never changes once set, so
/// known SKUs are cached for the life of the process; unknown ones are asked again each time.
/// </summary>
public sealed class ProductCatalog(NpgsqlDataSource dataSource)
{
    private readonly ConcurrentDictionary<string, string> _engines = new(StringComparer.Ordinal);

    public async ValueTask<string?> FindEngineAsync(string sku, CancellationToken cancellationToken)
    {
        if (_engines.TryGetValue(sku, out var cached))
        {
            return cached;
        }

        await using var command = dataSource.CreateCommand("select engine from stock_products where sku = $1");
        command.Parameters.Add(new() { Value = sku });
        if (await command.ExecuteScalarAsync(cancellationToken) is string engine)
        {
            _engines[sku] = engine;
            return engine;
        }

        return null;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> SKUs after <paramref name="after"/> (exclusive; null: from the start) with
    /// their engines, in ordinal SKU order whatever the database's collation (scripts/sql/065_product_listing.sql).
    /// </summary>
    public async Task<IReadOnlyList<(string Sku, string Engine)>> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select sku, engine from stock_products
            where $1::text is null or sku collate "C" > $1::text collate "C"
            order by sku collate "C" limit $2
            """);
        command.Parameters.Add(new() { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var page = new List<(string, string)>(limit);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (sku, engine) = (reader.GetString(0), reader.GetString(1));
            _engines[sku] = engine;
            page.Add((sku, engine));
        }

        return page;
    }
}
