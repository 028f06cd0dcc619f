using Npgsql;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// Expires due sql-engine reservations, each its own change: one version, one <c>expired</c> history row and
/// its outbox rows, so that several expiries of one row in one sweep still replay, and announce, one by one.
/// </summary>
public sealed class SqlExpiryStore(NpgsqlDataSource dataSource)
{
    // Due reservations first (SKIP LOCKED: several API instances sweep at once, and a reservation being confirmed
    // is left to its confirm), then their stock rows, locked in SKU order as the cart path locks them, so the two
    // never wait on each other in a circle; a row another writer holds is waited for, not skipped, so a hot SKU's
    // expiries are not put off. The counters read are the locked row's. Oldest first within a SKU.
    private static readonly string SelectDue = $"""
        select s.id, {SqlProductColumns.Of("s")}, r.id, r.quantity, r.user_id
        from sql_stock s
        cross join lateral (
            select id, quantity, user_id, expires_at from sql_reservations
            where stock_id = s.id and status = 'pending' and expires_at <= $1
            order by expires_at, id
            limit $2
            for update skip locked) r
        where s.reserved > 0
          -- Other engines mirror their stock here (redis write-behind) but own their expiry.
          and exists (select 1 from stock_products p where p.sku = s.sku and p.engine = 'sql')
        order by s.sku collate "C", r.expires_at, r.id
        limit $2
        for update of s
        """;

    private const string ExpireReservations = "update sql_reservations set status = 'expired', updated_at = $2 where id = any($1)";

    private const string ReleaseUnits = """
        update sql_stock s
        set available = s.available + t.quantity, reserved = s.reserved - t.quantity, version = s.version + t.changes, updated_at = $4
        from unnest($1::bigint[], $2::bigint[], $3::bigint[]) as t(id, quantity, changes)
        where s.id = t.id
        """;

    /// <summary>
    /// Expires up to <paramref name="limit"/> due reservations in one transaction, driven by the
    /// <c>(stock_id, status, expires_at)</c> index: one round trip to lock and read, one to write, one to commit.
    /// </summary>
    public async Task<int> ExpireDueAsync(DateTime now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = await SelectDueAsync(connection, transaction, now, limit, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var changes = new List<RecordedChange>(due.Count);
        var released = new List<(long StockId, long Quantity, long Changes)>();
        foreach (var row in due.GroupBy(d => d.StockId))
        {
            // Each expiry starts from the product the one before it left.
            var product = row.First().Product;
            foreach (var reservation in row)
            {
                var change = RecordedChange.Of(product, HistoryKinds.Expired, reservation.Quantity, now, actor: null, reservation.ReservationId, reservation.UserId);
                changes.Add(change);
                product = change.After;
            }

            released.Add((row.Key, row.Sum(r => r.Quantity), row.Count()));
        }

        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                SqlBatchCommands.Of(ExpireReservations, due.Select(d => d.ReservationId).ToArray(), now),
                SqlBatchCommands.Of(ReleaseUnits, released.Select(r => r.StockId).ToArray(), released.Select(r => r.Quantity).ToArray(),
                    released.Select(r => r.Changes).ToArray(), now),
            },
        };
        foreach (var record in SqlChangeLog.Commands(changes))
        {
            batch.BatchCommands.Add(record);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private static async Task<List<DueReservation>> SelectDueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime now, int limit, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(SelectDue, connection, transaction);
        select.Parameters.Add(new() { Value = now });
        select.Parameters.Add(new() { Value = limit });
        var due = new List<DueReservation>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueReservation(reader.GetInt64(0), SqlProductColumns.Read(reader, 1), reader.GetString(13), reader.GetInt32(14), reader.GetString(15)));
        }

        return due;
    }

    /// <summary>A due reservation and the product of its (locked) stock row before this sweep changed it.</summary>
    private sealed record DueReservation(long StockId, ProductView Product, string ReservationId, int Quantity, string UserId);
}
