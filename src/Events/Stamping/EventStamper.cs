using Npgsql;

namespace Orleans.Stock.Events.Stamping;

/// <summary>
/// Gives committed outbox rows their feed <c>position</c>, in id order, continuing after the highest
/// position given so far. Only one stamper works at a time (a transaction-scoped advisory lock: a dead
/// instance's lock goes with its connection), and a stamp's positions become visible in its one commit,
/// so the feed never shows a gap that fills later. A row whose transaction commits after a higher id was
/// stamped is numbered on the next pass, above every position already given: a reader that stored a
/// cursor still reads it.
/// </summary>
public sealed class EventStamper(NpgsqlDataSource dataSource, EventMetrics metrics)
{
    /// <summary>The advisory lock's key: 'stock_events' stamper, distinct from any other lock of the service.</summary>
    public const long LockKey = 0x5354_4F43_4B45_5654;

    private const string Stamp = """
        with next as (
            select id, occurred_at, row_number() over (order by id) as n
            from stock_events
            where position is null
            order by id
            limit $1
        ), base as (
            select coalesce(max(position), 0) as p from stock_events where position is not null
        ), stamped as (
            update stock_events e set position = base.p + next.n
            from next, base
            where e.id = next.id
            returning next.occurred_at
        )
        select count(*)::int, coalesce(extract(epoch from clock_timestamp() - min(occurred_at)) * 1000, 0)::float8
        from stamped
        """;

    /// <summary>
    /// One pass: stamps up to <paramref name="batchSize"/> rows, or nothing when another instance holds the
    /// lock. Returns how many rows were stamped, or null when the lock was taken elsewhere.
    /// </summary>
    public async Task<int?> StampAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("select pg_try_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = LockKey });
            if (await lockCommand.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return null;
            }
        }

        // Read committed: this statement's snapshot is taken after the lock, so it sees the positions of
        // the previous stamp, whichever instance made it.
        int rows;
        double lag;
        await using (var command = new NpgsqlCommand(Stamp, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            rows = reader.GetInt32(0);
            lag = reader.GetDouble(1);
        }

        await transaction.CommitAsync(cancellationToken);
        metrics.Stamped(rows, lag);
        return rows;
    }
}
