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
}
