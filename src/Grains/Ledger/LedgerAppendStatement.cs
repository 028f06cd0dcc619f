using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Orleans.Stock.Events.Outbox;

namespace Orleans.Stock.Grains.Ledger;

/// <summary>
/// A group commit as one statement, so one round trip and one atomic unit: the ledger rows, the catalog row
/// of a creation and the outbox rows are data-modifying CTEs of the same INSERT, all behind the same epoch
/// check. A statement is atomic on its own (a key conflict anywhere undoes all of it), and a fenced writer's
/// statement inserts nothing at all, events included.
/// </summary>
internal static class LedgerAppendStatement
{
    // The owner row is share-locked for the statement: a newer claim (an UPDATE of that row) waits for
    // this append to commit, and an append that comes after the claim finds its epoch gone.
    private const string Ledger = """
        with owner as (select 1 from stock_ledger_owners where sku = $1 and epoch = $2 for share),
        appended as (
            insert into stock_ledger (sku, version, kind, quantity, occurred_at, reservation_id, user_id, name, idempotency_key, request_hash, expires_at, max_per_user, owner, actor, reason)
            select $1, e.* from unnest($3::bigint[], $4::text[], $5::bigint[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[], $12::timestamptz[], $13::integer[], $14::text[], $15::text[], $16::text[])
                as e(version, kind, quantity, occurred_at, reservation_id, user_id, name, idempotency_key, request_hash, expires_at, max_per_user, owner, actor, reason)
            where exists (select 1 from owner)
            returning 1
        )
        """;

    private const int LedgerParameters = 16;

    private const string Catalog = """
        , cataloged as (
            insert into stock_products (sku, name, engine, initial_stock, created_at, max_per_user, low_stock_threshold)
            select $1, ${0}, 'grain', ${1}, ${2}, ${3}, ${4} where exists (select 1 from owner)
        )
        """;

    // Ordered so that the ids, and so the feed's positions, follow the versions (then each change's own
    // event before its threshold events).
    private const string Outbox = """
        , outbox as (
            insert into stock_events (sku, version, type, occurred_at, data)
            select o.sku, o.version, o.type, o.occurred_at, o.data::jsonb
            from unnest(${0}::text[], ${1}::bigint[], ${2}::text[], ${3}::timestamptz[], ${4}::text[]) with ordinality
                as o(sku, version, type, occurred_at, data, n)
            where exists (select 1 from owner)
            order by o.n
        )
        """;

    private const string Count = "select count(*) from appended";

    // The four shapes, built once: [creation, outbox].
    private static readonly string[] Statements =
    [
        Ledger + Count,
        Ledger + Numbered(Outbox, LedgerParameters + 1) + Count,
        Ledger + Numbered(Catalog, LedgerParameters + 1) + Count,
        Ledger + Numbered(Catalog, LedgerParameters + 1) + Numbered(Outbox, LedgerParameters + 6) + Count,
    ];

    /// <summary>The statement; it returns how many ledger rows it inserted (0: the epoch was fenced).</summary>
    public static NpgsqlCommand Build(
        string sku, long epoch, long expectedVersion, IReadOnlyList<LedgerEvent> events, IReadOnlyList<OutboxEvent>? outbox, NpgsqlConnection connection)
    {
        var created = events.FirstOrDefault(e => e.Kind == LedgerEventKind.Created);
        var withOutbox = outbox is { Count: > 0 };
        var command = new NpgsqlCommand(Statements[(created is null ? 0 : 2) + (withOutbox ? 1 : 0)], connection);
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = epoch });
        AddLedgerArrays(command.Parameters, expectedVersion, events);
        if (created is not null)
        {
            command.Parameters.Add(new() { Value = created.Name ?? sku, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = created.Quantity, NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(new() { Value = created.OccurredAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new() { Value = (object?)created.MaxPerUser ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            command.Parameters.Add(new() { Value = (object?)created.LowStockThreshold ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        }

        if (withOutbox)
        {
            foreach (var parameter in OutboxWriter.Parameters(outbox!))
            {
                command.Parameters.Add(parameter);
            }
        }

        return command;
    }

    private static string Numbered(string template, int first) =>
        string.Format(CultureInfo.InvariantCulture, template, first, first + 1, first + 2, first + 3, first + 4);

    private static void AddLedgerArrays(NpgsqlParameterCollection parameters, long expectedVersion, IReadOnlyList<LedgerEvent> events)
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
        var actors = new string?[count];
        var reasons = new string?[count];
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
            actors[i] = e.Actor;
            reasons[i] = e.Reason;
        }

        parameters.Add(new() { Value = versions });
        parameters.Add(new() { Value = kinds });
        parameters.Add(new() { Value = quantities });
        parameters.Add(new() { Value = occurred, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        parameters.Add(new() { Value = reservations, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        parameters.Add(new() { Value = users, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        parameters.Add(new() { Value = names, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        parameters.Add(new() { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        parameters.Add(new() { Value = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        parameters.Add(new() { Value = expires, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        parameters.Add(new() { Value = limits, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        parameters.Add(new() { Value = owners, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        parameters.Add(new() { Value = actors, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        parameters.Add(new() { Value = reasons, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
    }
}
