using System.Text.Json;
using Npgsql;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>A redis product's counters and reservation statuses, as PostgreSQL (the write-behind's copy) or the API shows them.</summary>
public sealed record MirrorState(long Available, long Reserved, long Sold, long Restocked, long Version, IReadOnlyDictionary<string, string> Statuses)
{
    public static async Task<MirrorState?> ReadPostgresAsync(string connectionString, string sku)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select s.available, s.reserved, s.sold, s.restocked, s.version, r.id, r.status
            from sql_stock s left join sql_reservations r on r.stock_id = s.id
            where s.sku = $1
            """, connection);
        command.Parameters.Add(new() { Value = sku });
        await using var reader = await command.ExecuteReaderAsync();
        MirrorState? state = null;
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            state ??= new MirrorState(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), statuses);
            if (!reader.IsDBNull(5))
            {
                statuses[reader.GetString(5)] = reader.GetString(6);
            }
        }

        return state;
    }

    /// <summary>The API's view of the same: the product body and each named reservation read through the API.</summary>
    public static async Task<MirrorState> ReadApiAsync(HttpClient client, string sku, IEnumerable<string> reservationIds)
    {
        var product = JsonDocument.Parse(await client.GetStringAsync($"/api/products/{sku}")).RootElement;
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in reservationIds)
        {
            var reservation = JsonDocument.Parse(await client.GetStringAsync($"/api/products/{sku}/reservations/{id}")).RootElement;
            statuses[id] = reservation.GetProperty("status").GetString()!;
        }

        return new MirrorState(
            product.GetProperty("available").GetInt64(), product.GetProperty("reserved").GetInt64(), product.GetProperty("sold").GetInt64(),
            product.GetProperty("restocked").GetInt64(), product.GetProperty("version").GetInt64(), statuses);
    }

    /// <summary>Same counters, version and reservation statuses.</summary>
    public bool Matches(MirrorState other) =>
        (Available, Reserved, Sold, Restocked, Version) == (other.Available, other.Reserved, other.Sold, other.Restocked, other.Version)
        && Statuses.Count == other.Statuses.Count
        && Statuses.All(s => other.Statuses.TryGetValue(s.Key, out var status) && status == s.Value);

    public override string ToString() =>
        $"available {Available}, reserved {Reserved}, sold {Sold}, restocked {Restocked}, version {Version}, "
        + string.Join(", ", Statuses.GroupBy(s => s.Value).Select(g => $"{g.Count()} {g.Key}"));

    /// <summary>
    /// Polls PostgreSQL until it matches <paramref name="expected"/> or the deadline passes; the
    /// write-behind runs on its own timer, so there is no event to await. Returns the last state read.
    /// </summary>
    public static async Task<MirrorState?> AwaitPostgresAsync(string connectionString, string sku, MirrorState expected, DateTime deadline)
    {
        while (true)
        {
            var state = await ReadPostgresAsync(connectionString, sku);
            if ((state is not null && state.Matches(expected)) || DateTime.UtcNow > deadline)
            {
                return state;
            }

            await Task.Delay(50);
        }
    }
}
