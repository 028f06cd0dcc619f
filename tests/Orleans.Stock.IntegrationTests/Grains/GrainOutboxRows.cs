using System.Text.Json;
using Npgsql;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Grains;

/// <summary>What the grain engine made durable for a SKU: its outbox rows (in commit order) and its catalog row.</summary>
internal sealed class GrainOutboxRows : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(TestEnvironment.Postgres);

    /// <summary>The SKU's events in id order, the order the stamper gives the feed.</summary>
    public async Task<List<(long Version, string Type, JsonElement Data)>> EventsAsync(string sku)
    {
        await using var command = DataSource.CreateCommand("select version, type, data::text from stock_events where sku = $1 order by id");
        command.Parameters.Add(new() { Value = sku });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, string, JsonElement)>();
        while (await reader.ReadAsync())
        {
            using var data = JsonDocument.Parse(reader.GetString(2));
            rows.Add((reader.GetInt64(0), reader.GetString(1), data.RootElement.Clone()));
        }

        return rows;
    }

    public async Task<(int? MaxPerUser, int? LowStockThreshold)> CatalogSettingsAsync(string sku)
    {
        await using var command = DataSource.CreateCommand("select max_per_user, low_stock_threshold from stock_products where sku = $1");
        command.Parameters.Add(new() { Value = sku });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no catalog row for {sku}");
        return (reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
    }

    /// <summary>How many transactions wrote the SKU's ledger rows (rows of one group commit share one).</summary>
    public async Task<long> LedgerTransactionsAsync(string sku)
    {
        await using var command = DataSource.CreateCommand("select count(distinct xmin::text) from stock_ledger where sku = $1");
        command.Parameters.Add(new() { Value = sku });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
