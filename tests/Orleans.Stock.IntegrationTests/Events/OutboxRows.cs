using System.Globalization;
using Npgsql;
using Orleans.Stock.Events.Outbox;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Events;

/// <summary>Writes outbox rows as an engine does (OutboxWriter, in a transaction of the test's own), and reads the table.</summary>
public sealed class OutboxRows(string connectionString)
{
    /// <summary>The database every test shares.</summary>
    public static OutboxRows Shared => new(TestEnvironment.Postgres);

    public static OutboxEvent Event(string sku, long version, string type, DateTime? occurredAt = null, string marker = "committed") =>
        new(sku, version, type, occurredAt ?? DateTime.UtcNow, $$"""{"version":{{version.ToString(CultureInfo.InvariantCulture)}},"marker":"{{marker}}"}""");

    public async Task InsertAsync(params OutboxEvent[] events)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await OutboxWriter.InsertAsync(connection, transaction, events, CancellationToken.None);
        await transaction.CommitAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public Task<long> EndPositionAsync() =>
        ScalarAsync<long>("select coalesce(max(position), 0) from stock_events where position is not null");

    /// <summary>Polls until every row of <paramref name="sku"/> has a position (a stamper runs in the background).</summary>
    public async Task WaitStampedAsync(string sku, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (await ScalarAsync<long>("select count(*) from stock_events where sku = $1 and position is null", sku) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the rows of {sku} were not stamped in time");
            await Task.Delay(20);
        }
    }
}
