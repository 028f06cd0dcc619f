using System.Data;
using Npgsql;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Outbox;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// The redis products' copy in PostgreSQL: the catalog row and the sql engine's tables
/// (<c>sql_stock</c>, <c>sql_reservations</c>), which the write-behind keeps up to date. Redis
/// serves; this is what it is created from, reloaded from, and what answers for reservations Redis
/// no longer keeps.
/// </summary>
public sealed class RedisProductMirror(NpgsqlDataSource dataSource)
{
    private const string UniqueViolation = "23505";
    private const string ReservationColumns = "r.id, r.quantity, r.user_id, r.status, r.created_at, r.expires_at, r.updated_at, r.idempotency_key, r.request_hash, r.owner";

    /// <summary>
    /// Claims the SKU in the catalog and writes its first row, its <c>created</c> history item and its
    /// <c>product.created</c> event, in one transaction; null when the SKU exists.
    /// </summary>
    public async Task<ProductView?> CreateAsync(string sku, NewProduct product, DateTime now, CancellationToken cancellationToken)
    {
        // Version 1 is the creation on every engine: the history starts there.
        var created = new ProductView(
            sku, product.Name, product.InitialStock, product.InitialStock, product.InitialStock, 0, 0, 0, 1, now, product.MaxPerUser, 0, product.LowStockThreshold);
        var item = new HistoryItem(created.Version, HistoryKinds.Created, product.InitialStock, null, null, null, product.Actor, now);
        object maxPerUser = (object?)product.MaxPerUser ?? DBNull.Value;
        object lowStock = (object?)product.LowStockThreshold ?? DBNull.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(
                    "insert into stock_products (sku, name, engine, initial_stock, created_at, max_per_user, low_stock_threshold) values ($1, $2, 'redis', $3, $4, $5, $6)",
                    sku, product.Name, product.InitialStock, now, maxPerUser, lowStock),
                Command(
                    """
                    insert into sql_stock (sku, name, initial_stock, available, created_at, updated_at, max_per_user, low_stock_threshold, version)
                    values ($1, $2, $3, $3, $4, $4, $5, $6, $7)
                    """,
                    sku, product.Name, product.InitialStock, now, maxPerUser, lowStock, created.Version),
                MovementWriter.BatchCommand([(sku, item)]),
                OutboxWriter.BatchCommand([.. OutboxEvent.Of(sku, item, created, availableBefore: 0)]),
            },
        };
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return created;
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the settings <paramref name="change"/> sets into the catalog and the product's row, and
    /// runs <paramref name="inRedis"/> before the commit, while the row's lock is held: concurrent
    /// PATCHes of one SKU reach Redis in the order they reach PostgreSQL. Null when there is no such product.
    /// </summary>
    public async Task<StockReply<ProductView>?> UpdateSettingsAsync(
        string sku, ProductSettingsChange change, Func<Task<StockReply<ProductView>>> inRedis, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand(
            """
            with locked as (select sku from sql_stock where sku = $1 for update),
                 stock as (
                   update sql_stock s
                   set max_per_user = case when $2 then $3 else s.max_per_user end,
                       low_stock_threshold = case when $4 then $5 else s.low_stock_threshold end
                   from locked where s.sku = locked.sku
                   returning s.sku)
            update stock_products p
            set max_per_user = case when $2 then $3 else p.max_per_user end,
                low_stock_threshold = case when $4 then $5 else p.low_stock_threshold end
            from stock where p.sku = stock.sku
            """, connection, transaction))
        {
            update.Parameters.Add(new() { Value = sku });
            update.Parameters.Add(new() { Value = change.SetsMaxPerUser });
            update.Parameters.Add(new() { Value = (object?)change.MaxPerUser ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            update.Parameters.Add(new() { Value = change.SetsLowStockThreshold });
            update.Parameters.Add(new() { Value = (object?)change.LowStockThreshold ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return null;
            }
        }

        var reply = await inRedis();
        if (reply.IsSuccess)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return reply;
    }

    /// <summary>Up to <paramref name="limit"/> + 1 history items above <paramref name="afterVersion"/>; null when there is no such product.</summary>
    public async Task<IReadOnlyList<HistoryItem>?> HistoryAsync(string sku, long afterVersion, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            select m.version, m.kind, m.quantity, m.reservation_id, m.user_id, m.reason, m.actor, m.occurred_at
            from stock_products p left join lateral (
                select * from stock_movements m where m.sku = p.sku and m.version > $2 order by m.version limit $3) m on true
            where p.sku = $1
            order by m.version
            """);
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = afterVersion });
        command.Parameters.Add(new() { Value = limit + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<HistoryItem>? items = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            items ??= [];
            if (!reader.IsDBNull(0))
            {
                items.Add(new HistoryItem(
                    reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), Text(reader, 3), Text(reader, 4), Text(reader, 5), Text(reader, 6), reader.GetDateTime(7)));
            }
        }

        return items;
    }

    /// <summary>
    /// The product and the reservations Redis needs, as of one moment (the write-behind commits
    /// counters and reservations together; a repeatable-read snapshot keeps them together here).
    /// </summary>
    /// <param name="alsoIds">Reservations to include whatever their state (those Redis holds as pending).</param>
    /// <param name="keysSince">Include reservations with an Idempotency-Key made after this.</param>
    public async Task<ProductSnapshot?> ReadAsync(string sku, IReadOnlyCollection<string> alsoIds, DateTime keysSince, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        long stockId;
        ProductSnapshot product;
        await using (var select = new NpgsqlCommand(
            """
            select id, name, initial_stock, available, reserved, sold, restocked, version, created_at, max_per_user, adjusted, low_stock_threshold
            from sql_stock where sku = $1
            """, connection, transaction))
        {
            select.Parameters.Add(new() { Value = sku });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            stockId = reader.GetInt64(0);
            product = new ProductSnapshot(
                sku, reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetDateTime(8), [], reader.IsDBNull(9) ? null : reader.GetInt32(9),
                Adjusted: reader.GetInt64(10), LowStockThreshold: reader.IsDBNull(11) ? null : reader.GetInt32(11));
        }

        // For every product, limited or not: a limit set later must count what each user already holds.
        {
            var held = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var select = new NpgsqlCommand(
                "select user_id, sum(quantity) from sql_reservations where stock_id = $1 and status in ('pending', 'confirmed') group by user_id",
                connection, transaction);
            select.Parameters.Add(new() { Value = stockId });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                held[reader.GetString(0)] = reader.GetInt64(1);
            }

            product = product with { Held = held };
        }

        var reservations = new List<StoredReservation>();
        await using (var select = new NpgsqlCommand(
            $"""
            select {ReservationColumns} from sql_reservations r
            where r.stock_id = $1 and (r.status = 'pending' or (r.idempotency_key is not null and r.created_at > $2) or r.id = any($3))
            """, connection, transaction))
        {
            select.Parameters.Add(new() { Value = stockId });
            select.Parameters.Add(new() { Value = keysSince });
            select.Parameters.Add(new() { Value = alsoIds.ToArray() });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                reservations.Add(ReadReservation(reader));
            }
        }

        var keys = new List<AdjustmentKey>();
        await using (var select = new NpgsqlCommand(
            "select idempotency_key, fingerprint, created_at from redis_adjustment_keys where sku = $1 and created_at > $2", connection, transaction))
        {
            select.Parameters.Add(new() { Value = sku });
            select.Parameters.Add(new() { Value = keysSince });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(new AdjustmentKey(reader.GetString(0), reader.GetInt64(1), reader.GetDateTime(2)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return product with { Reservations = reservations, AdjustmentKeys = keys };
    }

    /// <summary>A reservation Redis no longer keeps (completed longer ago than the retention).</summary>
    public async Task<StoredReservation?> FindReservationAsync(string sku, string reservationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"select {ReservationColumns} from sql_reservations r join sql_stock s on s.id = r.stock_id where s.sku = $1 and r.id = $2");
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = reservationId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadReservation(reader) : null;
    }

    /// <summary>Every redis product's version and pending units.</summary>
    public async Task<IReadOnlyList<MirroredProduct>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select s.sku, s.version, s.reserved from sql_stock s join stock_products p on p.sku = s.sku where p.engine = 'redis'");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var products = new List<MirroredProduct>();
        while (await reader.ReadAsync(cancellationToken))
        {
            products.Add(new MirroredProduct(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return products;
    }

    private static StoredReservation ReadReservation(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetInt32(1), reader.GetString(2),
        Enum.Parse<ReservationStatus>(reader.GetString(3), ignoreCase: true),
        reader.GetDateTime(4), reader.GetDateTime(5), reader.GetDateTime(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetInt64(8),
        reader.IsDBNull(9) ? null : reader.GetString(9));

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

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
