using Npgsql;

namespace Orleans.Stock.Events.Retention;

/// <summary>
/// Deletes events that every webhook is done with and that are older than the retention. A webhook is done
/// with every event before the first one it still has to deliver: its cursor, or further when the events
/// after the cursor are of types it does not take (a webhook of rare types would hold everything back
/// otherwise). Unstamped rows are never deleted: no one has read them yet.
/// </summary>
public sealed class EventPruner(NpgsqlDataSource dataSource, Stamping.EventMetrics metrics)
{
    private static readonly string Prune = $"""
        with horizon as (
            select coalesce(min(coalesce(
                (select min(e.position) - 1 from stock_events e
                 where e.position > w.cursor_position and {Feed.EventTypeMatch.Sql("e.type", "w.types")}),
                9223372036854775807)), 9223372036854775807) as position
            from stock_webhooks w
        )
        delete from stock_events
        where id in (
            select id from stock_events
            where position is not null
              and position <= (select position from horizon)
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
