using Npgsql;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// The sql engine's rows (<c>scripts/sql/020_sql_engine.sql</c>). Each method is one transaction;
/// reservation-taking comes in the guide's two flavours, the rest is shared by both.
/// </summary>
public sealed class SqlStockStore(NpgsqlDataSource dataSource)
{
    private const string UniqueViolation = "23505";
    private const string ProductColumns = "sku, name, initial_stock, available, reserved, sold, restocked, version, created_at, max_per_user";
    private const string ReservationColumns = "r.id, s.sku, r.quantity, r.user_id, r.status, r.created_at, r.expires_at, r.request_hash, r.owner";
    // Another owner's reservation (or one without an owner) is not there for a caller that names one.
    private const string OwnedBy = "($3::text is null or r.owner = $3)";

    /// <summary>Units a user holds on the stock row (pending plus confirmed); read under the row's lock or version check.</summary>
    internal const string SelectHeld = "select coalesce(sum(quantity), 0) from sql_reservations where stock_id = $1 and user_id = $2 and status in ('pending', 'confirmed')";

    public async Task<StockReply<ProductView>> CreateAsync(string sku, string name, long initialStock, int? maxPerUser, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                SqlBatchCommands.Of("insert into stock_products (sku, name, engine, initial_stock, created_at) values ($1, $2, 'sql', $3, $4)", sku, name, initialStock, now),
                SqlBatchCommands.Of($"insert into sql_stock (sku, name, initial_stock, available, created_at, updated_at, max_per_user) values ($1, $2, $3, $3, $4, $4, $5) returning {ProductColumns}",
                    sku, name, initialStock, now, (object?)maxPerUser ?? DBNull.Value),
            },
        };
        try
        {
            ProductView product;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                // The catalog insert returns no rows, so the first result set is the stock row's.
                await reader.ReadAsync(cancellationToken);
                product = ReadProduct(reader);
            }

            await transaction.CommitAsync(cancellationToken);
            return new StockReply<ProductView> { Value = product };
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            return new StockReply<ProductView> { Error = StockError.ProductExists };
        }
    }

    public async Task<StockReply<ProductView>> GetAsync(string sku, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {ProductColumns} from sql_stock where sku = $1");
        command.Parameters.Add(new() { Value = sku });
        return await ReadProductReplyAsync(command, cancellationToken);
    }

    public async Task<StockReply<ProductView>> RestockAsync(string sku, long quantity, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"update sql_stock set available = available + $2, restocked = restocked + $2, version = version + 1, updated_at = $3 where sku = $1 returning {ProductColumns}");
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = quantity });
        command.Parameters.Add(new() { Value = now });
        return await ReadProductReplyAsync(command, cancellationToken);
    }

    /// <summary>The guide's <c>select_for_update</c> path: the row lock serialises every reservation of the SKU.</summary>
    public async Task<StockReply<ReservationView>> ReservePessimisticAsync(string sku, NewReservation reservation, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        StockRow? row;
        await using (var select = new NpgsqlCommand("select id, available, version, max_per_user from sql_stock where sku = $1 for update", connection, transaction))
        {
            select.Parameters.Add(new() { Value = sku });
            row = await ReadStockRowAsync(select, cancellationToken);
        }

        var refusal = await DecideAsync(connection, transaction, sku, row, reservation, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        await TakeAsync(connection, transaction, sku, row!.Value, reservation, versionGuard: false, cancellationToken);
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
        await using (var select = new NpgsqlCommand("select id, available, version, max_per_user from sql_stock where sku = $1", connection))
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
            await TakeAsync(connection, transaction, sku, row!.Value, reservation, versionGuard: true, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            // A concurrent request with the same Idempotency-Key won: the retry will replay it.
            throw new OptimisticConflictException(sku, row!.Value.Version);
        }

        return new StockReply<ReservationView> { Value = reservation.ToView(sku) };
    }

    /// <summary>Confirms or cancels a pending reservation, with the grain engine's rules for every other state.</summary>
    public async Task<StockReply<ReservationView>> CompleteAsync(
        string sku, string reservationId, ReservationStatus target, string? owner, DateTime now, CancellationToken cancellationToken)
    {
        var completed = await TransitionAsync(sku, reservationId, target, owner, requireUnexpired: true, now, cancellationToken);
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
            // Past its expiry: expired whether or not the sweeper has run yet.
            await TransitionAsync(sku, reservationId, ReservationStatus.Expired, owner, requireUnexpired: false, now, cancellationToken);
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
        command.Parameters.Add(OwnerParameter(owner));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StockReply<ReservationView> { Value = ReadReservation(reader) }
            : new StockReply<ReservationView> { Error = StockError.ReservationNotFound };
    }

    /// <summary>
    /// Expires up to <paramref name="limit"/> due reservations in one transaction, driven by the
    /// <c>(stock_id, status, expires_at)</c> index; SKIP LOCKED lets several API instances sweep at once.
    /// </summary>
    public async Task<int> ExpireDueAsync(DateTime now, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            with due as (
                select r.id, r.stock_id, r.quantity
                from sql_stock s
                cross join lateral (
                    select id, stock_id, quantity from sql_reservations
                    where stock_id = s.id and status = 'pending' and expires_at <= $1
                    order by expires_at
                    limit $2
                    for update skip locked) r
                where s.reserved > 0
                  -- Other engines mirror their stock here (redis write-behind) but own their expiry.
                  and exists (select 1 from stock_products p where p.sku = s.sku and p.engine = 'sql')
                limit $2),
            expired as (
                update sql_reservations set status = 'expired', updated_at = $1
                from due where sql_reservations.id = due.id
                returning due.stock_id, due.quantity),
            released as (
                update sql_stock set available = available + t.quantity, reserved = reserved - t.quantity,
                                     version = version + 1, updated_at = $1
                from (select stock_id, sum(quantity) as quantity from expired group by stock_id) t
                where sql_stock.id = t.stock_id
                returning 1)
            select count(*) from expired
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = limit });
        return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken))!);
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

    /// <summary>Takes the units and writes the reservation in one round trip, so the row lock is held as briefly as possible.</summary>
    private static async Task TakeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sku, StockRow stock, NewReservation r, bool versionGuard, CancellationToken cancellationToken)
    {
        var take = versionGuard
            ? SqlBatchCommands.Of("update sql_stock set available = available - $2, reserved = reserved + $2, version = version + 1, updated_at = $3 where id = $1 and version = $4",
                stock.Id, (long)r.Quantity, r.CreatedAt, stock.Version)
            : SqlBatchCommands.Of("update sql_stock set available = available - $2, reserved = reserved + $2, version = version + 1, updated_at = $3 where id = $1",
                stock.Id, (long)r.Quantity, r.CreatedAt);
        var insert = SqlBatchCommands.Of("""
            insert into sql_reservations (id, stock_id, quantity, user_id, status, idempotency_key, request_hash, created_at, expires_at, updated_at, owner)
            values ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $7, $9)
            """, r.ReservationId, stock.Id, r.Quantity, r.UserId, (object?)r.IdempotencyKey ?? DBNull.Value, r.RequestHash, r.CreatedAt, r.ExpiresAt,
            (object?)r.Owner ?? DBNull.Value);
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { take, insert } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (take.RecordsAffected == 0)
        {
            // The caller's transaction is rolled back, taking the inserted row with it.
            throw new OptimisticConflictException(sku, stock.Version);
        }
    }

    /// <summary>Moves a pending reservation to <paramref name="target"/> and its units with it; null if it was not pending.</summary>
    private async Task<ReservationView?> TransitionAsync(
        string sku, string reservationId, ReservationStatus target, string? owner, bool requireUnexpired, DateTime now, CancellationToken cancellationToken)
    {
        var counters = target switch
        {
            ReservationStatus.Confirmed => "reserved = reserved - t.quantity, sold = sold + t.quantity",
            _ => "reserved = reserved - t.quantity, available = available + t.quantity",
        };
        var unexpired = requireUnexpired ? " and r.expires_at > $4" : "";
        const string ownedBy = "($5::text is null or r.owner = $5)";
        await using var command = dataSource.CreateCommand($"""
            with t as (
                update sql_reservations r set status = $3, updated_at = $4
                from sql_stock s
                where r.id = $2 and r.stock_id = s.id and s.sku = $1 and r.status = 'pending'{unexpired} and {ownedBy}
                returning r.id, s.sku, r.stock_id, r.quantity, r.user_id, r.status, r.created_at, r.expires_at, r.owner),
            u as (
                update sql_stock set {counters}, version = version + 1, updated_at = $4
                from t where sql_stock.id = t.stock_id
                returning 1)
            select t.id, t.sku, t.quantity, t.user_id, t.status, t.created_at, t.expires_at, null::bigint, t.owner from t
            """);
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = reservationId });
        command.Parameters.Add(new() { Value = StatusName(target) });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(OwnerParameter(owner));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadReservation(reader) : null;
    }

    private static async Task<StockReply<ProductView>> ReadProductReplyAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StockReply<ProductView> { Value = ReadProduct(reader) }
            : new StockReply<ProductView> { Error = StockError.ProductNotFound };
    }

    private static async Task<StockRow?> ReadStockRowAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StockRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt32(3))
            : null;
    }

    private static ProductView ReadProduct(NpgsqlDataReader reader)
    {
        var available = reader.GetInt64(3);
        var reserved = reader.GetInt64(4);
        return new ProductView(
            reader.GetString(0), reader.GetString(1), reader.GetInt64(2), available + reserved, available, reserved,
            reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetDateTime(8), reader.IsDBNull(9) ? null : reader.GetInt32(9));
    }

    private static ReservationView ReadReservation(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
        Enum.Parse<ReservationStatus>(reader.GetString(4), ignoreCase: true), reader.GetDateTime(5), reader.GetDateTime(6),
        reader.IsDBNull(8) ? null : reader.GetString(8));

    private static NpgsqlParameter OwnerParameter(string? owner) =>
        new() { Value = (object?)owner ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static string StatusName(ReservationStatus status) => status.ToString().ToLowerInvariant();
}
