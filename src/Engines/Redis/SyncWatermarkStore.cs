using Npgsql;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// How far each Redis data set's change stream is applied to PostgreSQL (<c>redis_sync_watermark</c>,
/// <c>scripts/sql/030_redis_engine.sql</c>), and the lock that lets one process at a time sync a data set.
/// </summary>
public sealed class SyncWatermarkStore(NpgsqlDataSource dataSource)
{
    /// <summary>Held for the transaction; false when another process is syncing the same data set.</summary>
    public static async Task<bool> TryLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string instance, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_xact_lock(hashtext('orleans-stock.redis-sync'), hashtext($1))", connection, transaction);
        command.Parameters.Add(new() { Value = instance });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task<ChangeStreamId?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string instance, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select last_ms, last_seq from redis_sync_watermark where instance = $1", connection, transaction);
        command.Parameters.Add(new() { Value = instance });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ChangeStreamId(reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string instance, ChangeStreamId id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            insert into redis_sync_watermark (instance, last_ms, last_seq, updated_at) values ($1, $2, $3, now())
            on conflict (instance) do update set last_ms = excluded.last_ms, last_seq = excluded.last_seq, updated_at = excluded.updated_at
            """, connection, transaction);
        command.Parameters.Add(new() { Value = instance });
        command.Parameters.Add(new() { Value = id.Milliseconds });
        command.Parameters.Add(new() { Value = id.Sequence });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ChangeStreamId?> ReadAsync(string instance, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, instance, cancellationToken);
    }

    /// <summary>
    /// Moves the watermark back to <paramref name="id"/> (Redis came back without entries that were
    /// already applied; the ids it makes next must not be taken for applied ones).
    /// </summary>
    public async Task LowerAsync(string instance, ChangeStreamId id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var wait = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('orleans-stock.redis-sync'), hashtext($1))", connection, transaction))
        {
            wait.Parameters.Add(new() { Value = instance });
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }

        if (await ReadAsync(connection, transaction, instance, cancellationToken) is { } current && current > id)
        {
            await WriteAsync(connection, transaction, instance, id, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
