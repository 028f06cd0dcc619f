using Npgsql;
using NpgsqlTypes;
using Orleans.Stock.Events.Outbox;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// The statements that record changes: their history rows and their outbox rows, each one INSERT over arrays,
/// to be added to the batch (or sent in the transaction) of the changes themselves. Changes must come in
/// version order per SKU: the outbox keeps its rows in insertion order, and the feed relies on it.
/// </summary>
internal static class SqlChangeLog
{
    private const string InsertMovements = """
        insert into stock_movements (sku, version, kind, quantity, reservation_id, user_id, reason, actor, occurred_at, idempotency_key, request_hash)
        select * from unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[],
                             $10::text[], $11::bigint[])
        """;

    /// <summary>The history insert and the outbox insert; none when there is nothing to record.</summary>
    public static IEnumerable<NpgsqlBatchCommand> Commands(IReadOnlyList<RecordedChange> changes)
    {
        if (changes.Count == 0)
        {
            yield break;
        }

        yield return Movements(changes);
        yield return OutboxWriter.BatchCommand(changes.SelectMany(c => c.Events()).ToList());
    }

    /// <summary>Only the outbox insert, for a statement that has written the history rows itself.</summary>
    public static Task InsertEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RecordedChange change, CancellationToken cancellationToken) =>
        OutboxWriter.InsertAsync(connection, transaction, change.Events().ToList(), cancellationToken);

    private static NpgsqlBatchCommand Movements(IReadOnlyList<RecordedChange> changes)
    {
        var command = new NpgsqlBatchCommand(InsertMovements);
        command.Parameters.Add(Array(changes, c => c.Sku, NpgsqlDbType.Text));
        command.Parameters.Add(Array(changes, c => c.Item.Version, NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(changes, c => c.Item.Kind, NpgsqlDbType.Text));
        command.Parameters.Add(Array(changes, c => c.Item.Quantity, NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(changes, c => c.Item.ReservationId, NpgsqlDbType.Text));
        command.Parameters.Add(Array(changes, c => c.Item.UserId, NpgsqlDbType.Text));
        command.Parameters.Add(Array(changes, c => c.Item.Reason, NpgsqlDbType.Text));
        command.Parameters.Add(Array(changes, c => c.Item.Actor, NpgsqlDbType.Text));
        command.Parameters.Add(Array(changes, c => c.Item.OccurredAt, NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Array(changes, c => c.IdempotencyKey, NpgsqlDbType.Text));
        command.Parameters.Add(Array(changes, c => c.RequestHash, NpgsqlDbType.Bigint));
        return command;
    }

    private static NpgsqlParameter Array<T>(IReadOnlyList<RecordedChange> changes, Func<RecordedChange, T> value, NpgsqlDbType type) =>
        new() { Value = changes.Select(value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };
}
