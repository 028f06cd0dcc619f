using Npgsql;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// The sql engine's rows (<c>scripts/sql/020_sql_engine.sql</c>). Each method is one transaction, and every
/// change it commits bumps the row's version by one and records its history row and outbox rows in that same
/// transaction (<see cref="SqlChangeLog"/>); reservation-taking comes in the guide's two flavours, the rest is
/// shared by both.
/// </summary>
public sealed class SqlStockStore(NpgsqlDataSource dataSource)
{
    private const string UniqueViolation = "23505";
    private const string ReservationColumns = "r.id, s.sku, r.quantity, r.user_id, r.status, r.created_at, r.expires_at, r.request_hash, r.owner";
    // Another owner's reservation (or one without an owner) is not there for a caller that names one.
    private const string OwnedBy = "($3::text is null or r.owner = $3)";

    /// <summary>Units a user holds on the stock row (pending plus confirmed); read under the row's lock or version check.</summary>
    internal const string SelectHeld = "select coalesce(sum(quantity), 0) from sql_reservations where stock_id = $1 and user_id = $2 and status in ('pending', 'confirmed')";

    /// <summary>The catalog row, the stock row, its <c>created</c> history row and <c>product.created</c>: one batch, one commit.</summary>
    public async Task<StockReply<ProductView>> CreateAsync(string sku, NewProduct product, DateTime now, CancellationToken cancellationToken)
    {
        var created = new ProductView(
            sku, product.Name, product.InitialStock, product.InitialStock, product.InitialStock, 0, 0, 0, 1, now, product.MaxPerUser, 0,
            product.LowStockThreshold);
        var maxPerUser = (object?)product.MaxPerUser ?? DBNull.Value;
        var lowStock = (object?)product.LowStockThreshold ?? DBNull.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                SqlBatchCommands.Of(
                    "insert into stock_products (sku, name, engine, initial_stock, created_at, max_per_user, low_stock_threshold) values ($1, $2, 'sql', $3, $4, $5, $6)",
                    sku, product.Name, product.InitialStock, now, maxPerUser, lowStock),
                SqlBatchCommands.Of("""
                    insert into sql_stock (sku, name, initial_stock, available, version, created_at, updated_at, max_per_user, low_stock_threshold)
                    values ($1, $2, $3, $3, $4, $5, $5, $6, $7)
                    """, sku, product.Name, product.InitialStock, created.Version, now, maxPerUser, lowStock),
            },
        };
        foreach (var record in SqlChangeLog.Commands([RecordedChange.Created(created, product.Actor)]))
        {
            batch.BatchCommands.Add(record);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new StockReply<ProductView> { Value = created };
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            return new StockReply<ProductView> { Error = StockError.ProductExists };
        }
    }

    public async Task<StockReply<ProductView>> GetAsync(string sku, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {SqlProductColumns.Plain} from sql_stock where sku = $1");
        command.Parameters.Add(new() { Value = sku });
        return await ReadProductReplyAsync(command, cancellationToken);
    }

    /// <summary>
    /// The update writes its history row in the same statement; the outbox rows, which need the product after
    /// the change, follow in a second round trip of the same transaction.
    /// </summary>
    public async Task<StockReply<ProductView>> RestockAsync(string sku, long quantity, string? actor, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        ProductView after;
        await using (var command = new NpgsqlCommand($"""
            with u as (
                update sql_stock set available = available + $2, restocked = restocked + $2, version = version + 1, updated_at = $3
                where sku = $1
                returning {SqlProductColumns.Plain}),
            m as (
                insert into stock_movements (sku, version, kind, quantity, actor, occurred_at)
                select sku, version, 'restocked', $2, $4, $3 from u)
            select {SqlProductColumns.Plain} from u
            """, connection, transaction))
        {
            command.Parameters.Add(new() { Value = sku });
            command.Parameters.Add(new() { Value = quantity });
            command.Parameters.Add(new() { Value = now });
            command.Parameters.Add(TextParameter(actor));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new StockReply<ProductView> { Error = StockError.ProductNotFound };
            }

            after = SqlProductColumns.Read(reader);
        }

        var change = new RecordedChange(
            new HistoryItem(after.Version, HistoryKinds.Restocked, quantity, null, null, null, actor, now), after, after.Available - quantity);
        await SqlChangeLog.InsertEventsAsync(connection, transaction, change, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StockReply<ProductView> { Value = after };
    }

    /// <summary>The guide's <c>select_for_update</c> path: the row lock serialises every reservation of the SKU.</summary>
    public async Task<StockReply<ReservationView>> ReservePessimisticAsync(string sku, NewReservation reservation, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        StockRow? row;
        await using (var select = new NpgsqlCommand($"select {StockRow.Columns} from sql_stock where sku = $1 for update", connection, transaction))
        {
            select.Parameters.Add(new() { Value = sku });
            row = await ReadStockRowAsync(select, cancellationToken);
        }

        var refusal = await DecideAsync(connection, transaction, sku, row, reservation, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        await TakeAsync(connection, transaction, sku, row!, reservation, versionGuard: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StockReply<ReservationView> { Value = reservation.ToView(sku) };
    }

    /// <summary>
    /// One optimistic try: read without a lock, then update only if the version is unchanged.
    /// </summary>
    /// <exception cref="OptimisticConflictException">Another writer changed the row (or took the key) first.</exception>
    public async Task<StockReply<ReservationView>> TryReserveOptimisticAsync(string sku, NewReservation reservation, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        StockRow? row;
        await using (var select = new NpgsqlCommand($"select {StockRow.Columns} from sql_stock where sku = $1", connection))
        {
            select.Parameters.Add(new() { Value = sku });
            row = await ReadStockRowAsync(select, cancellationToken);
        }

        var refusal = await DecideAsync(connection, null, sku, row, reservation, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await TakeAsync(connection, transaction, sku, row!, reservation, versionGuard: true, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            // A concurrent request with the same Idempotency-Key won: the retry will replay it.
            throw new OptimisticConflictException(sku, row!.Version);
        }

        return new StockReply<ReservationView> { Value = reservation.ToView(sku) };
    }

    /// <summary>Confirms or cancels a pending reservation, with the grain engine's rules for every other state.</summary>
    /// <param name="actor">The caller's key id, recorded on the history row.</param>
    public async Task<StockReply<ReservationView>> CompleteAsync(
        string sku, string reservationId, ReservationStatus target, string? owner, string? actor, DateTime now, CancellationToken cancellationToken)
    {
        var completed = await TransitionAsync(sku, reservationId, target, owner, actor, requireUnexpired: true, now, cancellationToken);
        if (completed is not null)
        {
            return new StockReply<ReservationView> { Value = completed };
        }

        var current = await GetReservationAsync(sku, reservationId, owner, cancellationToken);
        if (!current.IsSuccess)
        {
            return current;
        }

        var status = current.Value!.Status;
        if (status == ReservationStatus.Pending)
        {
            // Past its expiry: expired whether or not the sweeper has run yet, by the service (no actor).
            await TransitionAsync(sku, reservationId, ReservationStatus.Expired, owner, actor: null, requireUnexpired: false, now, cancellationToken);
            status = (await GetReservationAsync(sku, reservationId, owner, cancellationToken)).Value!.Status;
        }

        return status == target
            ? current with { Value = current.Value with { Status = status } }
            : new StockReply<ReservationView> { Error = StockError.ReservationNotPending, Status = status };
    }

    public async Task<StockReply<ReservationView>> GetReservationAsync(string sku, string reservationId, string? owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"select {ReservationColumns} from sql_reservations r join sql_stock s on s.id = r.stock_id where s.sku = $1 and r.id = $2 and {OwnedBy}");
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = reservationId });
        command.Parameters.Add(TextParameter(owner));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StockReply<ReservationView> { Value = ReadReservation(reader) }
            : new StockReply<ReservationView> { Error = StockError.ReservationNotFound };
    }

    private static async Task<StockReply<ReservationView>?> DecideAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sku, StockRow? row, NewReservation reservation, CancellationToken cancellationToken)
    {
        if (row is not { } stock)
        {
            return new StockReply<ReservationView> { Error = StockError.ProductNotFound };
        }

        if (reservation.IdempotencyKey is { } key)
        {
            await using var earlier = new NpgsqlCommand(
                $"select {ReservationColumns} from sql_reservations r join sql_stock s on s.id = r.stock_id where r.stock_id = $1 and r.idempotency_key = $2",
                connection, transaction);
            earlier.Parameters.Add(new() { Value = stock.Id });
            earlier.Parameters.Add(new() { Value = key });
            await using var reader = await earlier.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var hash = reader.IsDBNull(7) ? (long?)null : reader.GetInt64(7);
                return hash == reservation.RequestHash
                    ? new StockReply<ReservationView> { Value = ReadReservation(reader), Replayed = true }
                    : new StockReply<ReservationView> { Error = StockError.IdempotencyKeyReused };
            }
        }

        if (stock.MaxPerUser is { } max)
        {
            // Every change of this SKU's reservations also changes its stock row: under the row lock
            // (pessimistic) or the version check of the update (optimistic) this sum cannot go stale.
            await using var holding = new NpgsqlCommand(SelectHeld, connection, transaction);
            holding.Parameters.Add(new() { Value = stock.Id });
            holding.Parameters.Add(new() { Value = reservation.UserId });
            var held = (long)(await holding.ExecuteScalarAsync(cancellationToken))!;
            if (held + reservation.Quantity > max)
            {
                return new StockReply<ReservationView> { Error = StockError.LimitExceeded, MaxPerUser = max, Held = held };
            }
        }

        return stock.Available < reservation.Quantity
            ? new StockReply<ReservationView> { Error = StockError.InsufficientStock, Available = stock.Available }
            : null;
    }

    /// <summary>
    /// Takes the units, writes the reservation, its history row and its outbox rows in one round trip, so the
    /// row lock is held as briefly as possible. Under the version guard the product after the change is the one
    /// read plus the change; a lost guard rolls all of it back.
    /// </summary>
    private static async Task TakeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sku, StockRow stock, NewReservation r, bool versionGuard, CancellationToken cancellationToken)
    {
        var take = versionGuard
            ? SqlBatchCommands.Of("update sql_stock set available = available - $2, reserved = reserved + $2, version = version + 1, updated_at = $3 where id = $1 and version = $4",
                stock.Id, (long)r.Quantity, r.CreatedAt, stock.Version)
            : SqlBatchCommands.Of("update sql_stock set available = available - $2, reserved = reserved + $2, version = version + 1, updated_at = $3 where id = $1",
                stock.Id, (long)r.Quantity, r.CreatedAt);
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { take, InsertReservation(stock.Id, r) } };
        foreach (var record in SqlChangeLog.Commands([Reserved(stock, r)]))
        {
            batch.BatchCommands.Add(record);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (take.RecordsAffected == 0)
        {
            // The caller's transaction is rolled back, taking the inserted rows with it.
            throw new OptimisticConflictException(sku, stock.Version);
        }
    }

    /// <summary>A new pending reservation's row (the cart path writes the same).</summary>
    internal static NpgsqlBatchCommand InsertReservation(long stockId, NewReservation r) => SqlBatchCommands.Of("""
        insert into sql_reservations (id, stock_id, quantity, user_id, status, idempotency_key, request_hash, created_at, expires_at, updated_at, owner)
        values ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $7, $9)
        """, r.ReservationId, stockId, r.Quantity, r.UserId, (object?)r.IdempotencyKey ?? DBNull.Value, r.RequestHash, r.CreatedAt, r.ExpiresAt,
        (object?)r.Owner ?? DBNull.Value);

    /// <summary>The history item a reservation is: its owner (the caller's key id) is the actor.</summary>
    internal static RecordedChange Reserved(StockRow stock, NewReservation r) =>
        RecordedChange.Of(stock.Product, HistoryKinds.Reserved, r.Quantity, r.CreatedAt, r.Owner, r.ReservationId, r.UserId);

    /// <summary>
    /// Moves a pending reservation to <paramref name="target"/> and its units with it, and writes its history row
    /// in the same statement (at the version the stock update returns, under that update's row lock); the outbox
    /// rows follow in the same transaction. Null if it was not pending.
    /// </summary>
    private async Task<ReservationView?> TransitionAsync(
        string sku, string reservationId, ReservationStatus target, string? owner, string? actor, bool requireUnexpired, DateTime now,
        CancellationToken cancellationToken)
    {
        var (counters, kind) = target switch
        {
            ReservationStatus.Confirmed => ("reserved = reserved - t.quantity, sold = sold + t.quantity", HistoryKinds.Confirmed),
            ReservationStatus.Cancelled => ("reserved = reserved - t.quantity, available = available + t.quantity", HistoryKinds.Cancelled),
            _ => ("reserved = reserved - t.quantity, available = available + t.quantity", HistoryKinds.Expired),
        };
        var unexpired = requireUnexpired ? " and r.expires_at > $4" : "";
        const string ownedBy = "($5::text is null or r.owner = $5)";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        ReservationView reservation;
        ProductView after;
        await using (var command = new NpgsqlCommand($"""
            with t as (
                update sql_reservations r set status = $3, updated_at = $4
                from sql_stock s
                where r.id = $2 and r.stock_id = s.id and s.sku = $1 and r.status = 'pending'{unexpired} and {ownedBy}
                returning r.id, s.sku, r.stock_id, r.quantity, r.user_id, r.status, r.created_at, r.expires_at, r.owner),
            u as (
                update sql_stock set {counters}, version = version + 1, updated_at = $4
                from t where sql_stock.id = t.stock_id
                returning {SqlProductColumns.Of("sql_stock")}),
            m as (
                insert into stock_movements (sku, version, kind, quantity, reservation_id, user_id, actor, occurred_at)
                select u.sku, u.version, $6, t.quantity, t.id, t.user_id, $7, $4 from t cross join u)
            select t.id, t.sku, t.quantity, t.user_id, t.status, t.created_at, t.expires_at, null::bigint, t.owner, {SqlProductColumns.Of("u")}
            from t cross join u
            """, connection, transaction))
        {
            command.Parameters.Add(new() { Value = sku });
            command.Parameters.Add(new() { Value = reservationId });
            command.Parameters.Add(new() { Value = StatusName(target) });
            command.Parameters.Add(new() { Value = now });
            command.Parameters.Add(TextParameter(owner));
            command.Parameters.Add(new() { Value = kind });
            command.Parameters.Add(TextParameter(actor));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            reservation = ReadReservation(reader);
            after = SqlProductColumns.Read(reader, 9);
        }

        var released = kind == HistoryKinds.Confirmed ? 0 : reservation.Quantity;
        var change = new RecordedChange(
            new HistoryItem(after.Version, kind, reservation.Quantity, reservation.ReservationId, reservation.UserId, null, actor, now),
            after, after.Available - released);
        await SqlChangeLog.InsertEventsAsync(connection, transaction, change, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return reservation;
    }

    private static async Task<StockReply<ProductView>> ReadProductReplyAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StockReply<ProductView> { Value = SqlProductColumns.Read(reader) }
            : new StockReply<ProductView> { Error = StockError.ProductNotFound };
    }

    private static async Task<StockRow?> ReadStockRowAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StockRow.Read(reader) : null;
    }

    private static ReservationView ReadReservation(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
        Enum.Parse<ReservationStatus>(reader.GetString(4), ignoreCase: true), reader.GetDateTime(5), reader.GetDateTime(6),
        reader.IsDBNull(8) ? null : reader.GetString(8));

    /// <summary>A text that may be null: typed, since PostgreSQL cannot infer a type from a null.</summary>
    internal static NpgsqlParameter TextParameter(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static string StatusName(ReservationStatus status) => status.ToString().ToLowerInvariant();
}
