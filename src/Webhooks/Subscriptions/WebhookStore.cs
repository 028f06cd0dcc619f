using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using Orleans.Stock.Events.Feed;

namespace Orleans.Stock.Webhooks.Subscriptions;

/// <summary>Creates, lists and deletes subscriptions (<c>stock_webhooks</c>, scripts/sql/061_webhooks.sql).</summary>
public sealed class WebhookStore(NpgsqlDataSource dataSource, SecretSealer sealer, TimeProvider time)
{
    public const string IdPrefix = "wh_";

    /// <summary>
    /// Records a subscription with a new secret, returned here only. It starts at the feed's end: it gets the
    /// events stamped after it (and any still unstamped now).
    /// </summary>
    public async Task<(Webhook Webhook, string Secret)> CreateAsync(string url, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        var secret = WebhookSecret.New();
        var webhook = new Webhook(NewId(), url, [.. types], time.GetUtcNow().UtcDateTime);
        await using var command = dataSource.CreateCommand("""
            insert into stock_webhooks (id, url, types, secret, created_at, cursor_position)
            values ($1, $2, $3, $4, $5, (select coalesce(max(position), 0) from stock_events where position is not null))
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = webhook.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = url });
        command.Parameters.Add(new NpgsqlParameter { Value = webhook.Types.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = sealer.Seal(secret) });
        command.Parameters.Add(new NpgsqlParameter { Value = webhook.CreatedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (webhook, secret);
    }

    /// <summary>Every subscription with its delivery state, oldest first.</summary>
    public async Task<IReadOnlyList<WebhookState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            select w.id, w.url, w.types, w.created_at, w.cursor_position, w.last_delivered_at, p.pending, p.oldest,
                   w.failing_since, w.attempts, w.next_attempt_at, w.last_error, w.dropped, w.last_dropped_id,
                   coalesce(w.lease_until > now(), false)
            from stock_webhooks w
            cross join lateral (
                select count(*) as pending, min(e.occurred_at) as oldest
                from stock_events e
                where (e.position > w.cursor_position or e.position is null) and {EventTypeMatch.Sql("e.type", "w.types")}
            ) p
            order by w.created_at, w.id
            """);
        var states = new List<WebhookState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states.Add(new WebhookState(
                new Webhook(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), Utc(reader.GetDateTime(3))),
                reader.GetInt64(4),
                UtcOrNull(reader, 5),
                reader.GetInt64(6),
                UtcOrNull(reader, 7),
                UtcOrNull(reader, 8),
                reader.GetInt32(9),
                UtcOrNull(reader, 10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.GetInt64(12),
                reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.GetBoolean(14)));
        }

        return states;
    }

    /// <summary>Deletes a subscription; an instance delivering it stops at its next fenced write.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("delete from stock_webhooks where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static string NewId() => IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static DateTime? UtcOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Utc(reader.GetDateTime(ordinal));
}
