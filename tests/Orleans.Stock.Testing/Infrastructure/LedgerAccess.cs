using Npgsql;
using Orleans.Stock.Grains.Ledger;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>Direct access to the ledger tables, to play a second writer and to audit what is durable.</summary>
public sealed class LedgerAccess : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(TestEnvironment.Postgres);

    public PostgresStockLedger Ledger => new(_dataSource);

    public async Task<long> CountAsync(string sku, string kind)
    {
        await using var command = _dataSource.CreateCommand("select count(*) from stock_ledger where sku = $1 and kind = $2");
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = kind });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
