using Npgsql;
using NpgsqlTypes;
using Orleans.Stock.Events.Feed;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>
/// The dispatcher's reads and writes of <c>stock_webhooks</c>. Every write after the claim is fenced by the
/// lease owner, so an instance that lost its lease (paused past it, taken over) changes nothing more; lease
/// times are the database's clock, so instances with different clocks agree when a lease has lapsed.
/// </summary>
public sealed class WebhookDeliveryStore(NpgsqlDataSource dataSource, SecretSealer sealer)
{
    /// <summary>
    /// Leases up to <paramref name="limit"/> webhooks to <paramref name="owner"/>: those with an event to
    /// deliver, no live lease, and no retry still waiting. <c>skip locked</c>: instances claiming at once
    /// take different webhooks, and the re-check of a row another instance just claimed excludes it.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedWebhook>> ClaimAsync(string owner, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            update stock_webhooks w set lease_owner = $1, lease_until = now() + $2
            where w.id in (
                select c.id from stock_webhooks c
                where (c.lease_until is null or c.lease_until < now())
                  and (c.next_attempt_at is null or c.next_attempt_at <= now())
                  and exists (
                      select 1 from stock_events e
                      where e.position > c.cursor_position and {EventTypeMatch.Sql("e.type", "c.types")})
                order by c.id
                limit $3
                for update skip locked)
            returning w.id, w.url, w.types, w.secret, w.cursor_position, w.failing_since, w.attempts
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var claimed = new List<ClaimedWebhook>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedWebhook(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetFieldValue<string[]>(2),
                WebhookSecret.KeyOf(sealer.Open(reader.GetString(3))),
                reader.GetInt64(4),
                reader.IsDBNull(5) ? null : DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc),
                reader.GetInt32(6)));
        }

        return claimed;
    }

    public Task<bool> RenewAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
        FencedAsync("update stock_webhooks set lease_until = now() + $3 where id = $1 and lease_owner = $2", id, owner, cancellationToken, lease);

    public Task<bool> ReleaseAsync(string id, string owner, CancellationToken cancellationToken) =>
        FencedAsync("update stock_webhooks set lease_owner = null, lease_until = null where id = $1 and lease_owner = $2", id, owner, cancellationToken);

    /// <summary>
    /// Every event at or below <paramref name="position"/> was delivered (or dropped): the cursor moves up to
    /// it, never back; <paramref name="deliveredAt"/> is the last delivery's time, when there was one.
    /// </summary>
    public Task<bool> AdvancedAsync(string id, string owner, long position, DateTime? deliveredAt, CancellationToken cancellationToken) =>
        FencedAsync("""
            update stock_webhooks
            set cursor_position = greatest(cursor_position, $3), last_delivered_at = coalesce($4, last_delivered_at)
            where id = $1 and lease_owner = $2
            """, id, owner, cancellationToken, position, Timestamp(deliveredAt));

    /// <summary>No event is failing any more: the failing state clears.</summary>
    public Task<bool> RecoveredAsync(string id, string owner, CancellationToken cancellationToken) =>
        FencedAsync("""
            update stock_webhooks
            set failing_since = null, attempts = 0, next_attempt_at = null, last_error = null
            where id = $1 and lease_owner = $2
            """, id, owner, cancellationToken);

    /// <summary>An attempt failed: recorded so that a restart, here or elsewhere, waits and continues from it.</summary>
    public Task<bool> FailedAsync(string id, string owner, DateTime failingSince, int attempts, DateTime nextAttemptAt, string error, CancellationToken cancellationToken) =>
        FencedAsync("""
            update stock_webhooks
            set failing_since = $3, attempts = $4, next_attempt_at = $5, last_error = $6
            where id = $1 and lease_owner = $2
            """, id, owner, cancellationToken, Timestamp(failingSince), attempts, Timestamp(nextAttemptAt), error);

    /// <summary>An event failed past its age limit: counted as dropped (the cursor passes it with the batch's watermark).</summary>
    public Task<bool> DroppedAsync(string id, string owner, string eventId, CancellationToken cancellationToken) =>
        FencedAsync("""
            update stock_webhooks
            set dropped = dropped + 1, last_dropped_id = $3
            where id = $1 and lease_owner = $2
            """, id, owner, cancellationToken, eventId);

    private static NpgsqlParameter Timestamp(DateTime? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private async Task<bool> FencedAsync(string sql, string id, string owner, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
