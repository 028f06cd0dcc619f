using Npgsql;
using NpgsqlTypes;

namespace Orleans.Stock.Events.Outbox;

/// <summary>
/// Writes outbox rows (<c>scripts/sql/060_stock_events.sql</c>) as one INSERT over arrays, to be run on the
/// connection and in the transaction (or the atomic batch) of the change itself. A row's feed position is
/// given later, in commit order, by the event stamper; <c>(sku, version, type)</c> is unique, so a change can
/// never be in the feed twice.
/// </summary>
public static class OutboxWriter
{
    /// <summary>The INSERT, parameters $1..$5 as <see cref="Parameters"/> gives them.</summary>
    public const string Insert = """
        insert into stock_events (sku, version, type, occurred_at, data)
        select e.sku, e.version, e.type, e.occurred_at, e.data::jsonb
        from unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::text[]) with ordinality
            as e(sku, version, type, occurred_at, data, n)
        order by e.n
        """;

    public static NpgsqlBatchCommand BatchCommand(IReadOnlyList<OutboxEvent> events)
    {
        var command = new NpgsqlBatchCommand(Insert);
        foreach (var parameter in Parameters(events))
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(Insert, connection, transaction);
        foreach (var parameter in Parameters(events))
        {
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The five arrays, in the order of <see cref="Insert"/>'s parameters; for statements that embed the insert.</summary>
    public static IEnumerable<NpgsqlParameter> Parameters(IReadOnlyList<OutboxEvent> events)
    {
        var count = events.Count;
        var skus = new string[count];
        var versions = new long[count];
        var types = new string[count];
        var occurred = new DateTime[count];
        var data = new string[count];
        for (var i = 0; i < count; i++)
        {
            skus[i] = events[i].Sku;
            versions[i] = events[i].Version;
            types[i] = events[i].Type;
            occurred[i] = events[i].OccurredAt;
            data[i] = events[i].Data;
        }

        yield return new NpgsqlParameter { Value = skus, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        yield return new NpgsqlParameter { Value = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };
        yield return new NpgsqlParameter { Value = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
        yield return new NpgsqlParameter { Value = occurred, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };
        yield return new NpgsqlParameter { Value = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
    }
}
