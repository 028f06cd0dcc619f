using Npgsql;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>A SKU's history rows (<c>stock_movements</c>) and outbox rows (<c>stock_events</c>) as PostgreSQL holds them.</summary>
public static class OutboxRows
{
    /// <summary>The SKU's events in id order (the order the stamper numbers them in): (version, type).</summary>
    public static async Task<List<(long Version, string Type)>> EventsAsync(string connectionString, string sku)
    {
        var rows = new List<(long, string)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select version, type from stock_events where sku = $1 order by id", connection);
        command.Parameters.Add(new() { Value = sku });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return rows;
    }

    public static async Task<long> MovementCountAsync(string connectionString, string sku)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from stock_movements where sku = $1", connection);
        command.Parameters.Add(new() { Value = sku });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Polls until the SKU has <paramref name="movements"/> history rows or the deadline passes: the
    /// write-behind runs on its own timer, so there is nothing to await. Returns the last count read.
    /// </summary>
    public static async Task<long> AwaitMovementsAsync(string connectionString, string sku, long movements, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var count = await MovementCountAsync(connectionString, sku);
            if (count >= movements || DateTime.UtcNow > deadline)
            {
                return count;
            }

            await Task.Delay(50);
        }
    }
}
