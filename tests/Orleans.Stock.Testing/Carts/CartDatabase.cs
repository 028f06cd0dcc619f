using Npgsql;

namespace Orleans.Stock.Tests.Carts;

/// <summary>Direct access to the cart tables: to audit what the coordinator recorded and to play a coordinator that died.</summary>
public sealed class CartDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(Infrastructure.TestEnvironment.Postgres);

    /// <summary>The one cart of <paramref name="userId"/> in <paramref name="status"/> that has a line of <paramref name="sku"/>.</summary>
    public async Task<string> SingleCartIdOfUserAsync(string userId, string status, string sku)
    {
        await using var command = _dataSource.CreateCommand("""
            select c.id from carts c join cart_lines l on l.cart_id = c.id
            where c.user_id = $1 and c.status = $2 and l.sku = $3
            """);
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = sku });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return Assert.Single(ids);
    }

    public async Task<string?> StatusAsync(string cartId)
    {
        await using var command = _dataSource.CreateCommand("select status from carts where id = $1");
        command.Parameters.Add(new() { Value = cartId });
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Every cart of the users whose id starts with <paramref name="userPrefix"/>: status and lines (sku, quantity).</summary>
    public async Task<IReadOnlyList<AuditedCart>> CartsOfUsersAsync(string userPrefix)
    {
        await using var command = _dataSource.CreateCommand("""
            select c.id, c.status, l.sku, l.quantity
            from carts c join cart_lines l on l.cart_id = c.id
            where c.user_id like $1 || '%'
            order by c.id, l.line_no
            """);
        command.Parameters.Add(new() { Value = userPrefix });
        var carts = new Dictionary<string, AuditedCart>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetString(0);
            if (!carts.TryGetValue(id, out var cart))
            {
                carts[id] = cart = new AuditedCart(id, reader.GetString(1), []);
            }

            cart.Lines.Add((reader.GetString(2), reader.GetInt32(3)));
        }

        return carts.Values.ToList();
    }

    /// <summary>
    /// Records a cart as a coordinator does before it reserves anything, but with a lease that
    /// has already lapsed: as if its API process died right after.
    /// </summary>
    public async Task InsertAbandonedCartAsync(
        string cartId, string userId, int ttlSeconds, string status, IReadOnlyList<(string Sku, int Quantity, string Engine, string? ReservationId)> lines)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var cart = new NpgsqlCommand("""
            insert into carts (id, user_id, ttl_seconds, status, request_hash, created_at, expires_at, updated_at, lease_owner, lease_until)
            values ($1, $2, $3, $4, 0, now(), now() + make_interval(secs => $3), now(), 'a-dead-api/lease', clock_timestamp() - interval '1 second')
            """, connection, transaction))
        {
            cart.Parameters.Add(new() { Value = cartId });
            cart.Parameters.Add(new() { Value = userId });
            cart.Parameters.Add(new() { Value = ttlSeconds });
            cart.Parameters.Add(new() { Value = status });
            await cart.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < lines.Count; i++)
        {
            await using var line = new NpgsqlCommand(
                "insert into cart_lines (cart_id, line_no, sku, quantity, engine, reservation_id) values ($1, $2, $3, $4, $5, $6)", connection, transaction);
            line.Parameters.Add(new() { Value = cartId });
            line.Parameters.Add(new() { Value = i });
            line.Parameters.Add(new() { Value = lines[i].Sku });
            line.Parameters.Add(new() { Value = lines[i].Quantity });
            line.Parameters.Add(new() { Value = lines[i].Engine });
            line.Parameters.Add(new() { Value = (object?)lines[i].ReservationId ?? DBNull.Value });
            await line.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Puts an acknowledged cart in an in-progress state with a lapsed lease: a confirm or cancel whose API died mid-way.</summary>
    public async Task AbandonInStatusAsync(string cartId, string status)
    {
        await using var command = _dataSource.CreateCommand(
            "update carts set status = $2, lease_owner = 'a-dead-api/lease', lease_until = clock_timestamp() - interval '1 second' where id = $1");
        command.Parameters.Add(new() { Value = cartId });
        command.Parameters.Add(new() { Value = status });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public async Task SetIdempotencyKeyAsync(string cartId, string key, long requestHash)
    {
        await using var command = _dataSource.CreateCommand("update carts set idempotency_key = $2, request_hash = $3 where id = $1");
        command.Parameters.Add(new() { Value = cartId });
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = requestHash });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Carts of the users with <paramref name="userPrefix"/> still in an in-progress state.</summary>
    public async Task<long> InProgressCountAsync(string userPrefix)
    {
        await using var command = _dataSource.CreateCommand("""
            select count(*) from carts where user_id like $1 || '%' and status in ('reserving', 'compensating', 'confirming', 'cancelling')
            """);
        command.Parameters.Add(new() { Value = userPrefix });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

/// <summary>A cart as recorded, for audits.</summary>
public sealed record AuditedCart(string Id, string Status, List<(string Sku, int Quantity)> Lines);
