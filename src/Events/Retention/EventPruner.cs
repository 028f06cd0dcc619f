using Npgsql;

namespace Orleans.Stock.Events.Retention;

/// <summary>
/// Deletes events that every webhook has passed (position at or below the lowest webhook cursor) and that
/// are older than the retention. Unstamped rows are never deleted: no one has read them yet.
/// </summary>
public sealed class EventPruner(NpgsqlDataSource dataSource, Stamping.EventMetrics metrics)
{
    private const string Prune = """
        delete from stock_events
        where id in (
            select id from stock_events
            where position is not null
              and position <= coalesce((select min(cursor_position) from stock_webhooks), 9223372036854775807)
              and occurred_at < now() - $1
            order by position
            limit $2)
        """;

    /// <summary>One delete of at most <paramref name="batchSize"/> rows; returns how many went.</summary>
    public async Task<int> PruneAsync(TimeSpan retainFor, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Prune);
        command.Parameters.Add(new NpgsqlParameter { Value = retainFor });
        command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
        var rows = await command.ExecuteNonQueryAsync(cancellationToken);
        metrics.Pruned(rows);
        return rows;
    }
}
