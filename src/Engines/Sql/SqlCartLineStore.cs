using Npgsql;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// A cart's sql lines in one transaction: every line reserved, or none. Rows are touched in SKU
/// order (ordinal), so two carts holding the same SKUs in reversed line order wait for each other
/// instead of deadlocking. Each line keeps its own Idempotency-Key: a key already taken with the
/// same body replays that reservation, so a retried cart never takes stock twice.
/// </summary>
public sealed class SqlCartLineStore(NpgsqlDataSource dataSource, SqlEngineMetrics metrics)
{
    private const string UniqueViolation = "23505";
    private const string DeadlockDetected = "40P01";
    private const int DeadlockRetries = 3;

    // "C" collation: byte order, the same in every database, and the order of StringComparer.Ordinal for these SKUs.
    private static readonly string LockRows = $"""select {StockRow.Columns} from sql_stock where sku = any($1) order by sku collate "C" for update""";
    private static readonly string ReadRows = $"select {StockRow.Columns} from sql_stock where sku = any($1)";
    // What the cart's user holds on each limited line's row, read after the rows (locked or version-checked).
    private const string ReadHeld = """
        select s.sku, coalesce(sum(r.quantity), 0)
        from sql_stock s
        join sql_reservations r on r.stock_id = s.id and r.user_id = $2 and r.status in ('pending', 'confirmed')
        where s.sku = any($1) and s.max_per_user is not null
        group by s.sku
        """;
    private const string ReadKeys = """
        select r.idempotency_key, r.id, s.sku, r.quantity, r.user_id, r.status, r.created_at, r.expires_at, r.request_hash
        from unnest($1::text[], $2::text[]) k(sku, key)
        join sql_stock s on s.sku = k.sku
        join sql_reservations r on r.stock_id = s.id and r.idempotency_key = k.key
        """;

    /// <summary>
    /// The pessimistic path: lock every line's stock row (in SKU order), decide, take, commit. A
    /// deadlock can still come from a writer that locks several rows in another order (the
    /// expiry sweep); PostgreSQL then rolls one back, and this whole transaction is tried again.
    /// </summary>
    public async Task<CartLinesReply> ReservePessimisticAsync(IReadOnlyList<SqlCartLine> lines, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReservePessimisticOnceAsync(lines, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == DeadlockDetected && attempt < DeadlockRetries)
            {
                // Rolled back as a whole: nothing of this attempt is left behind. Counted, because
                // two carts must never deadlock each other (rows are locked in SKU order).
                metrics.Deadlock(SqlStrategy.Pessimistic);
            }
        }
    }

    /// <summary>One optimistic try: read without locks, then update every row only if its version is unchanged.</summary>
    /// <exception cref="OptimisticConflictException">Another writer changed a row (or took a key) first: the whole cart is tried again.</exception>
    public async Task<CartLinesReply> TryReserveOptimisticAsync(IReadOnlyList<SqlCartLine> lines, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (rows, earlier, held) = await ReadAsync(connection, null, ReadRows, lines, cancellationToken);
        var plan = Decide(lines, rows, earlier, held);
        if (plan.Failure is not null || plan.Takes.Count == 0)
        {
            return plan.ToReply();
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var takes = await TakeAsync(connection, transaction, plan.Takes, versionGuard: true, cancellationToken);
            if (takes.Find(t => t.Update.RecordsAffected == 0) is { Take: { } lost })
            {
                await transaction.RollbackAsync(cancellationToken);
                throw new OptimisticConflictException(lost.Line.Sku, lost.Row.Version);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is UniqueViolation or DeadlockDetected)
        {
            // A concurrent request took one of the keys (the retry replays it), or the updates met
            // a writer that locks rows in another order (the expiry sweep): both are conflicts.
            if (ex.SqlState == DeadlockDetected)
            {
                metrics.Deadlock(SqlStrategy.Optimistic);
            }

            throw new OptimisticConflictException(plan.Takes[0].Line.Sku, plan.Takes[0].Row.Version);
        }

        return plan.ToReply();
    }

    private async Task<CartLinesReply> ReservePessimisticOnceAsync(IReadOnlyList<SqlCartLine> lines, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (rows, earlier, held) = await ReadAsync(connection, transaction, LockRows, lines, cancellationToken);
        var plan = Decide(lines, rows, earlier, held);
        if (plan.Failure is not null || plan.Takes.Count == 0)
        {
            return plan.ToReply();
        }

        await TakeAsync(connection, transaction, plan.Takes, versionGuard: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return plan.ToReply();
    }

    /// <summary>The lines' stock rows and the reservations their keys already name, in one round trip.</summary>
    private static async Task<(Dictionary<string, StockRow> Rows, Dictionary<string, ReservationByKey> Earlier, Dictionary<string, long> Held)> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string rowsSql, IReadOnlyList<SqlCartLine> lines, CancellationToken cancellationToken)
    {
        var keyed = lines.Where(l => l.Reservation.IdempotencyKey is not null).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                SqlBatchCommands.Of(rowsSql, (object)lines.Select(l => l.Sku).ToArray()),
                SqlBatchCommands.Of(ReadKeys, keyed.Select(l => l.Sku).ToArray(), keyed.Select(l => l.Reservation.IdempotencyKey!).ToArray()),
                SqlBatchCommands.Of(ReadHeld, lines.Select(l => l.Sku).ToArray(), lines[0].Reservation.UserId),
            },
        };
        var rows = new Dictionary<string, StockRow>(StringComparer.Ordinal);
        var earlier = new Dictionary<string, ReservationByKey>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = StockRow.Read(reader);
            rows[row.Product.Sku] = row;
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var view = new ReservationView(
                reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                Enum.Parse<ReservationStatus>(reader.GetString(5), ignoreCase: true), reader.GetDateTime(6), reader.GetDateTime(7));
            earlier[view.Sku] = new ReservationByKey(view, reader.IsDBNull(8) ? null : reader.GetInt64(8));
        }

        var held = new Dictionary<string, long>(StringComparer.Ordinal);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            held[reader.GetString(0)] = reader.GetInt64(1);
        }

        return (rows, earlier, held);
    }

    /// <summary>Every line in line order, so the refusal reported is the first in the cart.</summary>
    private static CartPlan Decide(
        IReadOnlyList<SqlCartLine> lines, Dictionary<string, StockRow> rows, Dictionary<string, ReservationByKey> earlier, Dictionary<string, long> held)
    {
        var plan = new CartPlan(new ReservationView[lines.Count]);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (!rows.TryGetValue(line.Sku, out var row))
            {
                return plan with { FailedIndex = i, Failure = new StockReply<ReservationView> { Error = StockError.ProductNotFound } };
            }

            if (earlier.TryGetValue(line.Sku, out var replay))
            {
                if (replay.RequestHash != line.Reservation.RequestHash)
                {
                    return plan with { FailedIndex = i, Failure = new StockReply<ReservationView> { Error = StockError.IdempotencyKeyReused } };
                }

                plan.Views[i] = replay.View;
                continue;
            }

            if (row.MaxPerUser is { } max && held.GetValueOrDefault(line.Sku) + line.Reservation.Quantity > max)
            {
                return plan with
                {
                    FailedIndex = i,
                    Failure = new StockReply<ReservationView> { Error = StockError.LimitExceeded, MaxPerUser = max, Held = held.GetValueOrDefault(line.Sku) },
                };
            }

            if (row.Available < line.Reservation.Quantity)
            {
                return plan with
                {
                    FailedIndex = i,
                    Failure = new StockReply<ReservationView> { Error = StockError.InsufficientStock, Available = row.Available },
                };
            }

            plan.Views[i] = line.Reservation.ToView(line.Sku);
            plan.Takes.Add(new Take(line, row));
        }

        plan.Takes.Sort(static (a, b) => string.CompareOrdinal(a.Line.Sku, b.Line.Sku));
        return plan;
    }

    /// <summary>
    /// Every take's counter update and reservation insert, and every line's history row and outbox rows, in one
    /// round trip, rows in SKU order (each SKU changes once, so the outbox rows are in version order per SKU).
    /// </summary>
    private static async Task<List<(Take Take, NpgsqlBatchCommand Update)>> TakeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<Take> takes, bool versionGuard, CancellationToken cancellationToken)
    {
        var updates = new List<(Take, NpgsqlBatchCommand)>(takes.Count);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var take in takes)
        {
            var r = take.Line.Reservation;
            var update = versionGuard
                ? SqlBatchCommands.Of("update sql_stock set available = available - $2, reserved = reserved + $2, version = version + 1, updated_at = $3 where id = $1 and version = $4",
                    take.Row.Id, (long)r.Quantity, r.CreatedAt, take.Row.Version)
                : SqlBatchCommands.Of("update sql_stock set available = available - $2, reserved = reserved + $2, version = version + 1, updated_at = $3 where id = $1",
                    take.Row.Id, (long)r.Quantity, r.CreatedAt);
            batch.BatchCommands.Add(update);
            batch.BatchCommands.Add(SqlStockStore.InsertReservation(take.Row.Id, r));
            updates.Add((take, update));
        }

        foreach (var record in SqlChangeLog.Commands(takes.Select(t => SqlStockStore.Reserved(t.Row, t.Line.Reservation)).ToList()))
        {
            batch.BatchCommands.Add(record);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return updates;
    }

    private sealed record ReservationByKey(ReservationView View, long? RequestHash);

    private sealed record Take(SqlCartLine Line, StockRow Row);

    /// <summary>What one try decided: a view per line (taken or replayed), or the first refusal.</summary>
    private sealed record CartPlan(ReservationView[] Views)
    {
        public List<Take> Takes { get; } = [];

        public int FailedIndex { get; init; } = -1;

        public StockReply<ReservationView>? Failure { get; init; }

        public CartLinesReply ToReply() => Failure is null
            ? new CartLinesReply { Reservations = Views }
            : new CartLinesReply { FailedIndex = FailedIndex, Failure = Failure };
    }
}

/// <summary>One sql line of a cart, its reservation's id and times fixed before the first try.</summary>
public sealed record SqlCartLine(string Sku, NewReservation Reservation);
