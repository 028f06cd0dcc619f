using Npgsql;
using NpgsqlTypes;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// Writes redis-engine history items into <c>stock_movements</c> as one INSERT over arrays, inside the
/// caller's transaction. A row already there for its (sku, version) is left alone: the redis engine
/// numbers a SKU's changes in Redis, whose versions only go forward from what PostgreSQL holds (a
/// product behind is reloaded at PostgreSQL's version), so an existing row is this very change applied
/// before, by a batch written twice.
/// </summary>
public static class MovementWriter
{
    private const string Insert = """
        insert into stock_movements (sku, version, kind, quantity, reservation_id, user_id, reason, actor, occurred_at)
        select m.sku, m.version, m.kind, m.quantity, m.reservation_id, m.user_id, m.reason, m.actor, m.occurred_at
        from unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
            as m(sku, version, kind, quantity, reservation_id, user_id, reason, actor, occurred_at)
        on conflict (sku, version) do nothing
        """;

    public static NpgsqlBatchCommand BatchCommand(IReadOnlyList<(string Sku, HistoryItem Item)> movements)
    {
        var items = movements.Select(m => m.Item).ToList();
        var command = new NpgsqlBatchCommand(Insert);
        command.Parameters.Add(Array(movements.Select(m => m.Sku).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(items.Select(i => i.Version).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(items.Select(i => i.Kind).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(items.Select(i => i.Quantity).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(items.Select(i => i.ReservationId).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(items.Select(i => i.UserId).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(items.Select(i => i.Reason).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(items.Select(i => i.Actor).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Array(items.Select(i => i.OccurredAt).ToArray(), NpgsqlDbType.TimestampTz));
        return command;
    }

    // Typed explicitly: an array of nulls has no element type to infer from.
    private static NpgsqlParameter Array(System.Array values, NpgsqlDbType type) =>
        new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type };
}
