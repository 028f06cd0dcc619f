using Npgsql;
using NpgsqlTypes;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Outbox;

namespace Orleans.Stock.Grains.Ledger;

/// <summary>
/// The ledger on PostgreSQL (<c>scripts/sql/010_stock_catalog.sql</c>, <c>011_stock_ledger.sql</c>).
/// A batch is one statement over arrays (<see cref="LedgerAppendStatement"/>), so its cost is one round trip
/// whatever the SKU's backlog, its outbox rows included.
/// </summary>
public sealed class PostgresStockLedger(NpgsqlDataSource dataSource) : IStockLedger
{
    private const string UniqueViolation = "23505";
    private const string CatalogKey = "stock_products_pkey";

    private const string Claim = """
        insert into stock_ledger_owners (sku, epoch) values ($1, 1)
        on conflict (sku) do update set epoch = stock_ledger_owners.epoch + 1
        returning epoch
        """;

    private const string SelectAfter = """
        select version, kind, quantity, occurred_at, reservation_id, user_id, name, idempotency_key, request_hash, expires_at, max_per_user, owner, actor, reason
        from stock_ledger where sku = $1 and version > $2 order by version
        """;

    private const string SelectSettings = "select max_per_user, low_stock_threshold from stock_products where sku = $1 and engine = 'grain'";

    // Fenced like an append, so a replaced activation cannot change settings either.
    private const string UpdateSettings = """
        with owner as (select 1 from stock_ledger_owners where sku = $1 and epoch = $2 for share)
        update stock_products set max_per_user = $3, low_stock_threshold = $4
        where sku = $1 and engine = 'grain' and exists (select 1 from owner)
        """;

    // What each user holds: every reservation not released (pending or confirmed).
    private const string SelectHeld = """
        select r.user_id, sum(r.quantity)::bigint
        from stock_ledger r
        where r.sku = $1 and r.kind = 'Reserved'
          and not exists (
              select 1 from stock_ledger s
              where s.sku = r.sku and s.reservation_id = r.reservation_id and s.version > r.version and s.kind in ('Cancelled', 'Expired'))
        group by r.user_id
        """;

    private const string SelectAdjustmentKeys = """
        select idempotency_key, request_hash from stock_ledger
        where sku = $1 and kind = 'Adjusted' and idempotency_key = any($2) and request_hash is not null
        """;

    // A reservation's status is the kind of the last row naming it after the row that created it.
    private const string SelectReservations = """
        select r.reservation_id, r.quantity, r.user_id, r.occurred_at, r.expires_at, r.idempotency_key, r.request_hash,
               (select s.kind from stock_ledger s
                 where s.sku = r.sku and s.reservation_id = r.reservation_id and s.version > r.version
                 order by s.version desc limit 1),
               r.owner
        from stock_ledger r
        where r.sku = $1 and r.kind = 'Reserved' and {0} = any($2)
        """;

    private static readonly System.Text.CompositeFormat SelectReservationsFormat = System.Text.CompositeFormat.Parse(SelectReservations);

    public async Task<long> ClaimAsync(string sku, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Claim);
        command.Parameters.Add(new() { Value = sku });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task AppendAsync(
        string sku, long epoch, long expectedVersion, IReadOnlyList<LedgerEvent> events, IReadOnlyList<OutboxEvent>? outbox = null, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var insert = LedgerAppendStatement.Build(sku, epoch, expectedVersion, events, outbox, connection);
            if ((long)(await insert.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                throw new LedgerFencedException(sku, epoch);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            if (ex.ConstraintName == CatalogKey)
            {
                throw new ProductAlreadyCatalogedException(sku, ex);
            }

            throw new LedgerConflictException(sku, expectedVersion, ex);
        }
        catch (PostgresException ex) when (LedgerDataException.IsDataError(ex))
        {
            // Nothing committed (the server refused the statement), and retrying the same rows can only fail again.
            throw new LedgerDataException(sku, ex);
        }
    }

    public async Task<IReadOnlyList<LedgerEvent>> ReadAfterAsync(string sku, long afterVersion, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SelectAfter);
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = afterVersion });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<LedgerEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new LedgerEvent
            {
                Version = reader.GetInt64(0),
                Kind = Enum.Parse<LedgerEventKind>(reader.GetString(1)),
                Quantity = reader.GetInt64(2),
                OccurredAt = reader.GetDateTime(3),
                ReservationId = reader.IsDBNull(4) ? null : reader.GetString(4),
                UserId = reader.IsDBNull(5) ? null : reader.GetString(5),
                Name = reader.IsDBNull(6) ? null : reader.GetString(6),
                IdempotencyKey = reader.IsDBNull(7) ? null : reader.GetString(7),
                RequestHash = reader.IsDBNull(8) ? null : reader.GetInt64(8),
                ExpiresAt = reader.IsDBNull(9) ? null : reader.GetDateTime(9),
                MaxPerUser = reader.IsDBNull(10) ? null : reader.GetInt32(10),
                Owner = reader.IsDBNull(11) ? null : reader.GetString(11),
                Actor = reader.IsDBNull(12) ? null : reader.GetString(12),
                Reason = reader.IsDBNull(13) ? null : reader.GetString(13),
            });
        }

        return events;
    }

    public async Task<ProductSettings?> ReadSettingsAsync(string sku, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SelectSettings);
        command.Parameters.Add(new() { Value = sku });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ProductSettings(reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt32(1))
            : null;
    }

    public async Task UpdateSettingsAsync(string sku, long epoch, ProductSettings settings, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(UpdateSettings);
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = epoch });
        command.Parameters.Add(new() { Value = (object?)settings.MaxPerUser ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)settings.LowStockThreshold ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new LedgerFencedException(sku, epoch);
        }
    }

    public async Task<IReadOnlyDictionary<string, long>> ReadHeldAsync(string sku, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SelectHeld);
        command.Parameters.Add(new() { Value = sku });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var held = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            held[reader.GetString(0)] = reader.GetInt64(1);
        }

        return held;
    }

    public async Task<IReadOnlyDictionary<string, long>> FindAdjustmentKeysAsync(string sku, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        await using var command = dataSource.CreateCommand(SelectAdjustmentKeys);
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = reader.GetInt64(1);
        }

        return found;
    }

    public Task<IReadOnlyDictionary<string, StoredReservation>> FindReservationsAsync(string sku, IReadOnlyCollection<string> reservationIds, CancellationToken cancellationToken = default) =>
        FindAsync(sku, "r.reservation_id", reservationIds, r => r.View.ReservationId, cancellationToken);

    public Task<IReadOnlyDictionary<string, StoredReservation>> FindByIdempotencyKeysAsync(string sku, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        FindAsync(sku, "r.idempotency_key", keys, r => r.IdempotencyKey!, cancellationToken);

    private async Task<IReadOnlyDictionary<string, StoredReservation>> FindAsync(
        string sku, string column, IReadOnlyCollection<string> values, Func<StoredReservation, string> keyOf, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, StoredReservation>(StringComparer.Ordinal);
        if (values.Count == 0)
        {
            return found;
        }

        await using var command = dataSource.CreateCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, SelectReservationsFormat, column));
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = reader.IsDBNull(7) ? ReservationStatus.Pending : StatusOf(Enum.Parse<LedgerEventKind>(reader.GetString(7)));
            var view = new ReservationView(
                reader.GetString(0), sku, checked((int)reader.GetInt64(1)), reader.GetString(2), status, reader.GetDateTime(3), reader.GetDateTime(4),
                reader.IsDBNull(8) ? null : reader.GetString(8));
            var stored = new StoredReservation(
                view, reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt64(6));
            found[keyOf(stored)] = stored;
        }

        return found;
    }

    private static ReservationStatus StatusOf(LedgerEventKind kind) => kind switch
    {
        LedgerEventKind.Confirmed => ReservationStatus.Confirmed,
        LedgerEventKind.Cancelled => ReservationStatus.Cancelled,
        LedgerEventKind.Expired => ReservationStatus.Expired,
        _ => ReservationStatus.Pending,
    };
}
