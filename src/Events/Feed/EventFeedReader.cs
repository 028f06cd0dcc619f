using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Orleans.Stock.Events.Feed;

/// <summary>
/// Reads stamped events by position. Unstamped rows are never read: their position is not known yet, and
/// will be above every position read so far.
/// </summary>
public sealed class EventFeedReader(NpgsqlDataSource dataSource)
{
    private const string Columns = "position, id, type, sku, version, occurred_at, data::text";

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/>, of every type.</summary>
    public async Task<FeedPage> ReadAsync(long after, int limit, CancellationToken cancellationToken)
    {
        var events = await ReadAfterAsync(after, limit, types: null, cancellationToken);
        var next = events.Count == 0 ? after : events[^1].Position;
        return new FeedPage([.. events.Select(e => e.Event)], FeedCursor.Format(next));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> events after <paramref name="after"/> whose type matches one of
    /// <paramref name="types"/> (event types or <c>prefix.*</c>; null for every type).
    /// </summary>
    public async Task<IReadOnlyList<StampedEvent>> ReadAfterAsync(long after, int limit, IReadOnlyList<string>? types, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(types is null
            ? $"select {Columns} from stock_events where position > $1 order by position limit $2"
            : $"""
              select {Columns} from stock_events
              where position > $1 and {EventTypeMatch.Sql("type", "$3")}
              order by position limit $2
              """);
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        if (types is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = types.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }

        return await ReadEventsAsync(command, cancellationToken);
    }

    /// <summary>The last <paramref name="limit"/> events of <paramref name="types"/>, newest first (the dashboard's threshold events).</summary>
    public async Task<IReadOnlyList<StampedEvent>> ReadLatestAsync(IReadOnlyList<string> types, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"select {Columns} from stock_events where position is not null and type = any($1) order by position desc limit $2");
        command.Parameters.Add(new NpgsqlParameter { Value = types.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadEventsAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<StampedEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = new List<StampedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var data = JsonDocument.Parse(reader.GetString(6));
            events.Add(new StampedEvent(
                reader.GetInt64(0),
                new FeedEvent(
                    FeedEvent.IdOf(reader.GetInt64(1)),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetInt64(4),
                    DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc),
                    data.RootElement.Clone())));
        }

        return events;
    }
}
