using Npgsql;
using NpgsqlTypes;
using Orleans.Stock.Events.Outbox;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// Writes a batch of changes into the sql engine's tables, idempotently: counters are absolute and
/// only move forward in version, reservations are upserted by id and only a final status overwrites
/// (a reservation reaches exactly one), and each change's history item and events are inserted once.
/// Applying a batch twice, or an older batch after a newer one, changes nothing.
/// </summary>
public sealed class SyncBatchWriter(NpgsqlDataSource dataSource)
{
    private const string UpdateCounters = """
        update sql_stock s
        set available = c.available, reserved = c.reserved, sold = c.sold, restocked = c.restocked, adjusted = c.adjusted,
            version = c.version, updated_at = c.at
        from unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::timestamptz[], $8::bigint[])
             as c(sku, version, available, reserved, sold, restocked, at, adjusted)
        where s.sku = c.sku
          and (s.version < c.version
               or (s.version = c.version
                   and (s.available, s.reserved, s.sold, s.restocked, s.adjusted) is distinct from (c.available, c.reserved, c.sold, c.restocked, c.adjusted)))
        """;

    // An Idempotency-Key another reservation of the SKU already holds in PostgreSQL (possible only
    // after Redis forgot the key: past its TTL, or lost in a crash) is not copied; the unique index
    // would otherwise refuse the whole batch forever.
    private const string UpsertReservations = """
        insert into sql_reservations (id, stock_id, quantity, user_id, status, idempotency_key, request_hash, created_at, expires_at, updated_at, owner)
        select r.id, s.id, r.quantity, r.user_id, r.status,
               case when r.key is not null and exists (
                        select 1 from sql_reservations o where o.stock_id = s.id and o.idempotency_key = r.key and o.id <> r.id)
                    then null else r.key end,
               r.hash, r.created_at, r.expires_at, r.updated_at, r.owner
        from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::text[])
             as r(id, sku, quantity, user_id, status, key, hash, created_at, expires_at, updated_at, owner)
        join sql_stock s on s.sku = r.sku
        on conflict (id) do update set status = excluded.status, updated_at = excluded.updated_at
        where excluded.status <> 'pending' and sql_reservations.status is distinct from excluded.status
        """;

    // The watermark keeps the sync from applying an entry twice; this covers a batch applied again by
    // hand (the writer promises that changes nothing): a (sku, version) is one change, see MovementWriter.
    private const string InsertEvents = OutboxWriter.Insert + "\non conflict (sku, version, type) do nothing";

    // A key reused after Redis forgot it (past its TTL) is the newer use's; the same use again changes nothing.
    private const string UpsertAdjustmentKeys = """
        insert into redis_adjustment_keys (sku, idempotency_key, fingerprint, created_at)
        select k.sku, k.key, k.fingerprint, k.created_at
        from unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[]) as k(sku, key, fingerprint, created_at)
        on conflict (sku, idempotency_key) do update set fingerprint = excluded.fingerprint, created_at = excluded.created_at
        where redis_adjustment_keys.created_at < excluded.created_at
        """;

    /// <summary>Applies <paramref name="changes"/> in a transaction of its own.</summary>
    public async Task ApplyAsync(IReadOnlyList<StockChange> changes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ApplyAsync(connection, transaction, changes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Applies <paramref name="changes"/> inside the caller's transaction (one round trip).</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StockChange> changes, CancellationToken cancellationToken)
    {
        // One row per SKU (its newest counters) and per reservation (its newest state): a statement
        // may not touch a row twice, and the older states would be overwritten anyway.
        var counters = changes.GroupBy(c => c.Sku, StringComparer.Ordinal).Select(g => g.MaxBy(c => c.Version)!).ToList();
        var reservations = changes.Where(c => c.Reservation is not null)
            .GroupBy(c => c.Reservation!.Id, StringComparer.Ordinal)
            .Select(g => g.MaxBy(c => c.Version)!)
            .ToList();

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command(
            UpdateCounters,
            counters.Select(c => c.Sku).ToArray(), counters.Select(c => c.Version).ToArray(), counters.Select(c => c.Available).ToArray(),
            counters.Select(c => c.Reserved).ToArray(), counters.Select(c => c.Sold).ToArray(), counters.Select(c => c.Restocked).ToArray(),
            counters.Select(c => c.At).ToArray(), counters.Select(c => c.Adjusted).ToArray()));
        if (reservations.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                UpsertReservations,
                reservations.Select(c => c.Reservation!.Id).ToArray(), reservations.Select(c => c.Sku).ToArray(),
                reservations.Select(c => c.Reservation!.Quantity).ToArray(), reservations.Select(c => c.Reservation!.UserId).ToArray(),
                reservations.Select(c => RedisHashes.Status(c.Reservation!.Status)).ToArray(), KeysOnce(reservations),
                reservations.Select(c => c.Reservation!.RequestHash).ToArray(), reservations.Select(c => c.Reservation!.CreatedAt).ToArray(),
                reservations.Select(c => c.Reservation!.ExpiresAt).ToArray(), reservations.Select(c => c.Reservation!.UpdatedAt).ToArray(),
                reservations.Select(c => c.Reservation!.Owner).ToArray()));
        }

        // Each change's history item and events, in stream order (a SKU's versions in order, as the
        // event stamper needs), in the same transaction as its counters: one of each per applied change.
        var history = changes.Where(c => c.History is not null).ToList();
        if (history.Count > 0)
        {
            var items = history.Select(c => (c.Sku, Item: ChangeEvents.Item(c))).ToList();
            batch.BatchCommands.Add(MovementWriter.BatchCommand(items));
            var events = history.Zip(items, (c, i) => ChangeEvents.Of(c, i.Item)).SelectMany(e => e).ToList();
            var insertEvents = new NpgsqlBatchCommand(InsertEvents);
            foreach (var parameter in OutboxWriter.Parameters(events))
            {
                insertEvents.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(insertEvents);
            var keys = history.Where(c => c.History!.AdjustmentKey is not null).ToList();
            if (keys.Count > 0)
            {
                batch.BatchCommands.Add(Command(
                    UpsertAdjustmentKeys,
                    keys.Select(c => c.Sku).ToArray(), keys.Select(c => c.History!.AdjustmentKey!.Key).ToArray(),
                    keys.Select(c => c.History!.AdjustmentKey!.Fingerprint).ToArray(), keys.Select(c => c.History!.AdjustmentKey!.CreatedAt).ToArray()));
            }
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Each SKU's Idempotency-Key on its first reservation of the batch only (the unique index allows one).</summary>
    private static string?[] KeysOnce(List<StockChange> reservations)
    {
        var seen = new HashSet<(string, string)>();
        return reservations
            .Select(c => c.Reservation!.IdempotencyKey is { } key && seen.Add((c.Sku, key)) ? key : null)
            .ToArray();
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] arrays)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var array in arrays)
        {
            command.Parameters.Add(array switch
            {
                // Typed explicitly: an array of nulls has no element type to infer from.
                string?[] texts => new NpgsqlParameter { Value = texts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                long?[] longs => new NpgsqlParameter { Value = longs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                _ => new NpgsqlParameter { Value = array },
            });
        }

        return command;
    }
}
