using Npgsql;

namespace Orleans.Stock.Carts;

/// <summary>
/// The <c>carts</c> and <c>cart_lines</c> rows (<c>scripts/sql/040_carts.sql</c>). Every change
/// of an in-progress cart is fenced by its lease owner, so an actor that lost its lease (paused,
/// partitioned, too slow) can no longer move the cart; lease times are the database's clock, so
/// API instances with different clocks agree on when a lease has lapsed.
/// </summary>
public sealed class CartStore(NpgsqlDataSource dataSource)
{
    private const string UniqueViolation = "23505";
    private const string IdempotencyIndex = "ux_carts_idempotency";
    private const string CartColumns =
        "id, user_id, ttl_seconds, status, idempotency_key, request_hash, strategy, failure_code, failure_sku, failure_available, created_at, expires_at, failure_max_per_user, failure_held, owner";
    private const string LineColumns = "line_no, sku, quantity, engine, reservation_id";

    /// <summary>
    /// Records the cart (status <c>reserving</c>, leased to <paramref name="leaseOwner"/>) and its
    /// lines in one transaction. False when a live cart already holds its Idempotency-Key.
    /// </summary>
    public async Task<bool> InsertAsync(CartRecord cart, string leaseOwner, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command($"""
                    insert into carts ({CartColumns}, updated_at, lease_owner, lease_until)
                    values ($1, $2, $3, 'reserving', $4, $5, $6, null, null, null, $7, $8, null, null, $11, $7, $9, clock_timestamp() + $10)
                    """,
                    cart.Id, cart.UserId, cart.TtlSeconds, Nullable(cart.IdempotencyKey), cart.RequestHash, Nullable(cart.Strategy),
                    cart.CreatedAt, cart.ExpiresAt, leaseOwner, lease, Nullable(cart.Owner)),
                Command($"""
                    insert into cart_lines (cart_id, {LineColumns})
                    select $1, l.line_no, l.sku, l.quantity, l.engine, null
                    from unnest($2::integer[], $3::text[], $4::integer[], $5::text[]) l(line_no, sku, quantity, engine)
                    """,
                    cart.Id,
                    cart.Lines.Select(l => l.LineNo).ToArray(),
                    cart.Lines.Select(l => l.Sku).ToArray(),
                    cart.Lines.Select(l => l.Quantity).ToArray(),
                    cart.Lines.Select(l => l.Engine).ToArray()),
            },
        };
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation && ex.ConstraintName == IdempotencyIndex)
        {
            return false;
        }
    }

    public Task<CartRecord?> FindAsync(string cartId, CancellationToken cancellationToken) =>
        ReadCartAsync(
            $"select {CartColumns} from carts where id = $1",
            $"select {LineColumns} from cart_lines where cart_id = $1 order by line_no",
            cartId, cancellationToken);

    /// <summary>The live (not failed) cart that holds an Idempotency-Key.</summary>
    public Task<CartRecord?> FindByIdempotencyKeyAsync(string key, CancellationToken cancellationToken) =>
        ReadCartAsync(
            $"select {CartColumns} from carts where idempotency_key = $1 and status <> 'failed'",
            $"select {LineColumns} from cart_lines where cart_id = (select id from carts where idempotency_key = $1 and status <> 'failed') order by line_no",
            key, cancellationToken);

    /// <summary>Every line reserved: record their reservations and acknowledge the cart, if the lease is still ours.</summary>
    public Task<bool> MarkPendingAsync(string cartId, string leaseOwner, IReadOnlyList<(int LineNo, string ReservationId)> reservations, DateTime now, CancellationToken cancellationToken) =>
        TransitionWithLinesAsync(
            Command("""
                update carts set status = 'pending', lease_owner = null, lease_until = null, updated_at = $3
                where id = $1 and status = 'reserving' and lease_owner = $2
                """, cartId, leaseOwner, now),
            cartId, reservations, cancellationToken);

    /// <summary>A line failed: record why and which lines hold reservations, then the compensation may start.</summary>
    public Task<bool> BeginCompensationAsync(
        string cartId, string leaseOwner, CartFailure failure, IReadOnlyList<(int LineNo, string ReservationId)> reservations, DateTime now, CancellationToken cancellationToken) =>
        TransitionWithLinesAsync(
            Command("""
                update carts set status = 'compensating', failure_code = $3, failure_sku = $4, failure_available = $5, updated_at = $6,
                                 failure_max_per_user = $7, failure_held = $8
                where id = $1 and status = 'reserving' and lease_owner = $2
                """, cartId, leaseOwner, failure.Code, Nullable(failure.Sku), failure.Available is { } a ? (object)a : DBNull.Value, now,
                failure.MaxPerUser is { } max ? (object)max : DBNull.Value, failure.Held is { } held ? (object)held : DBNull.Value),
            cartId, reservations, cancellationToken);

    /// <summary>The work of an in-progress state is done: the final state, and no lease.</summary>
    public async Task<bool> FinishAsync(string cartId, string leaseOwner, CartStatus from, CartStatus to, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update carts set status = $4, lease_owner = null, lease_until = null, updated_at = $5
            where id = $1 and lease_owner = $2 and status = $3
            """);
        AddParameters(command, cartId, leaseOwner, from.ToDb(), to.ToDb(), now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Decides a confirm or cancel of a pending cart that has not expired: records the
    /// in-progress state, leased to <paramref name="leaseOwner"/>, before any line is touched.
    /// </summary>
    public async Task<bool> BeginCompletionAsync(string cartId, CartStatus inProgress, string leaseOwner, TimeSpan lease, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update carts set status = $2, lease_owner = $3, lease_until = clock_timestamp() + $4, updated_at = $5
            where id = $1 and status = 'pending' and expires_at > $5
            """);
        AddParameters(command, cartId, inProgress.ToDb(), leaseOwner, lease, now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Takes the lease of an in-progress cart nobody is working on (its lease lapsed or was released).</summary>
    public async Task<bool> TryTakeLeaseAsync(string cartId, CartStatus status, string leaseOwner, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update carts set lease_owner = $3, lease_until = clock_timestamp() + $4
            where id = $1 and status = $2 and (lease_until is null or lease_until < clock_timestamp())
            """);
        AddParameters(command, cartId, status.ToDb(), leaseOwner, lease);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Extends a held lease; false when it is no longer ours.</summary>
    public async Task<bool> RenewLeaseAsync(string cartId, string leaseOwner, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "update carts set lease_until = clock_timestamp() + $3 where id = $1 and lease_owner = $2");
        AddParameters(command, cartId, leaseOwner, lease);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Lets go of an unfinished cart: anyone (a client's retry, the recovery) may take it after <paramref name="delay"/>.</summary>
    public async Task ReleaseLeaseAsync(string cartId, string leaseOwner, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "update carts set lease_until = clock_timestamp() + $3 where id = $1 and lease_owner = $2");
        AddParameters(command, cartId, leaseOwner, delay);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Takes up to <paramref name="limit"/> in-progress carts whose lease lapsed. One UPDATE with
    /// SKIP LOCKED: two API instances scanning at once never take the same cart.
    /// </summary>
    public async Task<IReadOnlyList<string>> TakeLapsedAsync(string leaseOwner, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update carts c set lease_owner = $1, lease_until = clock_timestamp() + $2
            from (
                select id from carts
                where status in ('reserving', 'compensating', 'confirming', 'cancelling') and lease_until < clock_timestamp()
                order by lease_until
                limit $3
                for update skip locked) due
            where c.id = due.id
            returning c.id
            """);
        AddParameters(command, leaseOwner, lease, limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task<bool> TransitionWithLinesAsync(
        NpgsqlBatchCommand transition, string cartId, IReadOnlyList<(int LineNo, string ReservationId)> reservations, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                transition,
                Command("""
                    update cart_lines set reservation_id = r.reservation_id
                    from unnest($2::integer[], $3::text[]) r(line_no, reservation_id)
                    where cart_lines.cart_id = $1 and cart_lines.line_no = r.line_no
                    """,
                    cartId, reservations.Select(r => r.LineNo).ToArray(), reservations.Select(r => r.ReservationId).ToArray()),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (transition.RecordsAffected != 1)
        {
            // The lease is someone else's now: leave everything as they see it.
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<CartRecord?> ReadCartAsync(string cartSql, string linesSql, string parameter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { Command(cartSql, parameter), Command(linesSql, parameter) } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var id = reader.GetString(0);
        var userId = reader.GetString(1);
        var ttl = reader.GetInt32(2);
        var status = CartStatusNames.Parse(reader.GetString(3));
        var key = reader.IsDBNull(4) ? null : reader.GetString(4);
        var hash = reader.GetInt64(5);
        var strategy = reader.IsDBNull(6) ? null : reader.GetString(6);
        var failure = reader.IsDBNull(7)
            ? null
            : new CartFailure(reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetInt64(9),
                reader.IsDBNull(12) ? null : reader.GetInt32(12), reader.IsDBNull(13) ? null : reader.GetInt64(13));
        var createdAt = reader.GetDateTime(10);
        var expiresAt = reader.GetDateTime(11);
        var cartOwner = reader.IsDBNull(14) ? null : reader.GetString(14);

        var lines = new List<CartLineRecord>();
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new CartLineRecord(
                reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return new CartRecord(id, userId, ttl, status, key, hash, strategy, failure, createdAt, expiresAt, lines, cartOwner);
    }

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static void AddParameters(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
