using Npgsql;
using NpgsqlTypes;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Grains.Ledger;

/// <summary>
/// The ledger on PostgreSQL (<c>scripts/sql/010_stock_catalog.sql</c>, <c>011_stock_ledger.sql</c>).
/// A batch is one INSERT over arrays, so its cost is one round trip whatever the SKU's backlog.
/// </summary>
public sealed class PostgresStockLedger(NpgsqlDataSource dataSource) : IStockLedger
{
    private const string UniqueViolation = "23505";
    private const string CatalogKey = "stock_products_pkey";

    // The owner row is share-locked for the statement: a newer claim (an UPDATE of that row) waits
    // for this append to commit, and an append that comes after the claim finds its epoch gone and
    // inserts nothing.
    private const string InsertEvents = """
        with owner as (select 1 from stock_ledger_owners where sku = $1 and epoch = $12 for share)
        insert into stock_ledger (sku, version, kind, quantity, occurred_at, reservation_id, user_id, name, idempotency_key, request_hash, expires_at, max_per_user, owner)
        select $1, e.* from unnest($2::bigint[], $3::text[], $4::bigint[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::timestamptz[], $13::integer[], $14::text[])
            as e(version, kind, quantity, occurred_at, reservation_id, user_id, name, idempotency_key, request_hash, expires_at, max_per_user, owner)
        where exists (select 1 from owner)
        """;

    private const string Claim = """
        insert into stock_ledger_owners (sku, epoch) values ($1, 1)
        on conflict (sku) do update set epoch = stock_ledger_owners.epoch + 1
        returning epoch
        """;

    private const string InsertCatalog = """
        insert into stock_products (sku, name, engine, initial_stock, created_at) values ($1, $2, 'grain', $3, $4)
        """;

    private const string SelectAfter = """
        select version, kind, quantity, occurred_at, reservation_id, user_id, name, idempotency_key, request_hash, expires_at, max_per_user, owner
        from stock_ledger where sku = $1 and version > $2 order by version
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

    public async Task AppendAsync(string sku, long epoch, long expectedVersion, IReadOnlyList<LedgerEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var created = events.FirstOrDefault(e => e.Kind == LedgerEventKind.Created);
        // One INSERT is atomic on its own: without a catalog row to claim, an explicit transaction
        // would only add a round trip (BEGIN ... COMMIT) to every group commit.
        await using var transaction = created is null ? null : await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            if (created is not null)
            {
                await using var catalog = new NpgsqlCommand(InsertCatalog, connection, transaction)
                {
                    Parameters =
                    {
                        new() { Value = sku },
                        new() { Value = created.Name ?? sku },
                        new() { Value = created.Quantity },
                        new() { Value = created.OccurredAt },
                    },
                };
                await catalog.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var insert = BuildInsert(sku, epoch, expectedVersion, events, connection, transaction))
            {
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    // Rolls back the catalog claim too, if there was one (disposing the transaction).
                    throw new LedgerFencedException(sku, epoch);
                }
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
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
            });
        }

        return events;
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

    private static NpgsqlCommand BuildInsert(string sku, long epoch, long expectedVersion, IReadOnlyList<LedgerEvent> events, NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        var count = events.Count;
        var versions = new long[count];
        var kinds = new string[count];
        var quantities = new long[count];
        var occurred = new DateTime[count];
        var reservations = new string?[count];
        var users = new string?[count];
        var names = new string?[count];
        var keys = new string?[count];
        var hashes = new long?[count];
        var expires = new DateTime?[count];
        var limits = new int?[count];
        var owners = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var e = events[i];
            if (e.Version != expectedVersion + i + 1)
            {
                throw new ArgumentException($"Event {i} has version {e.Version}, expected {expectedVersion + i + 1}.", nameof(events));
            }

            versions[i] = e.Version;
            kinds[i] = e.Kind.ToString();
            quantities[i] = e.Quantity;
            occurred[i] = e.OccurredAt;
            reservations[i] = e.ReservationId;
            users[i] = e.UserId;
            names[i] = e.Name;
            keys[i] = e.IdempotencyKey;
            hashes[i] = e.RequestHash;
            expires[i] = e.ExpiresAt;
            limits[i] = e.MaxPerUser;
            owners[i] = e.Owner;
        }

        return new NpgsqlCommand(InsertEvents, connection, transaction)
        {
            Parameters =
            {
                new() { Value = sku },
                new() { Value = versions },
                new() { Value = kinds },
                new() { Value = quantities },
                new() { Value = occurred, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new() { Value = reservations, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = users, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = names, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new() { Value = expires, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new() { Value = epoch },
                new() { Value = limits, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
                new() { Value = owners, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            },
        };
    }
}
