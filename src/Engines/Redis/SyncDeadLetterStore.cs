using System.Globalization;
using System.Text;
using Npgsql;
using Orleans.Stock.Abstractions;
using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// Changes PostgreSQL refused for their data, set aside in <c>redis_sync_dead_letters</c>
/// (<c>scripts/sql/031_redis_dead_letters.sql</c>) inside the sync's own transaction, so the rest of
/// the batch commits and the watermark moves past them.
/// </summary>
public static class SyncDeadLetterStore
{
    private const string Insert = """
        insert into redis_sync_dead_letters (instance, entry_id, sku, change, sql_state, error)
        select $1, d.entry_id, d.sku, d.change, d.sql_state, d.error
        from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as d(entry_id, sku, change, sql_state, error)
        on conflict (instance, entry_id) do nothing
        """;

    /// <summary>Whether PostgreSQL refused a statement for the data it carried (SQLSTATE class 22 or 23).</summary>
    public static bool IsDataError(Exception ex) =>
        ex is PostgresException pg && (pg.SqlState.StartsWith("22", StringComparison.Ordinal) || pg.SqlState.StartsWith("23", StringComparison.Ordinal));

    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string instance, IReadOnlyList<SyncDeadLetter> letters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Insert, connection, transaction);
        command.Parameters.Add(new() { Value = instance });
        command.Parameters.Add(new() { Value = letters.Select(l => l.EntryId).ToArray() });
        command.Parameters.Add(new() { Value = letters.Select(l => l.Sku).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = letters.Select(l => l.Change).ToArray() });
        command.Parameters.Add(new() { Value = letters.Select(l => l.SqlState).ToArray() });
        command.Parameters.Add(new() { Value = letters.Select(l => l.Error).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The dead letter of <paramref name="entry"/>: its raw fields, escaped to printable ASCII so PostgreSQL can hold them.</summary>
    public static SyncDeadLetter Of(StreamEntry entry, string sqlState, string error)
    {
        var json = new StringBuilder("{");
        string? sku = null;
        foreach (var value in entry.Values)
        {
            if (json.Length > 1)
            {
                json.Append(',');
            }

            var name = (string?)value.Name ?? "";
            var text = (string?)value.Value ?? "";
            if (name == "sku" && TextRules.IsClean(text))
            {
                sku = text;
            }

            Quote(json, name).Append(':');
            Quote(json, text);
        }

        return new SyncDeadLetter((string)entry.Id!, sku, json.Append('}').ToString(), sqlState, Escape(error));
    }

    private static string Escape(string text) => Quote(new StringBuilder(), text).ToString()[1..^1];

    private static StringBuilder Quote(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                json.Append('\\').Append(c);
            }
            else if (c is < ' ' or > '~')
            {
                json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                json.Append(c);
            }
        }

        return json.Append('"');
    }
}

/// <summary>One change set aside: its stream entry id, SKU (when clean), raw fields as escaped JSON, and why.</summary>
public sealed record SyncDeadLetter(string EntryId, string? Sku, string Change, string SqlState, string Error);
