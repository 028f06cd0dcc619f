using Npgsql;

namespace Orleans.Stock.Schema;

/// <summary>
/// Applies the scripts to one database. Every script is written to be re-run, so the history table only
/// saves work: a script is applied when its checksum is not recorded (new, or changed since). One advisory
/// lock serialises migrators (two schema jobs, or a job and scripts/run.sh's psql are harmless, but two
/// jobs at once would race on <c>create ... if not exists</c>).
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource)
{
    /// <summary>The advisory lock key: "stocksch" in ASCII.</summary>
    public const long LockKey = 0x73746f636b736368;

    private const string CreateHistory = """
        create table if not exists stock_schema_history (
            name       text primary key,
            checksum   text not null,
            applied_at timestamptz not null default now())
        """;

    public async Task<IReadOnlyList<SchemaScriptStatus>> StatusAsync(IReadOnlyList<SchemaScript> scripts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var applied = await AppliedAsync(connection, cancellationToken);
        return [.. scripts.Select(s => new SchemaScriptStatus(s, applied.GetValueOrDefault(s.Name) == s.Checksum))];
    }

    /// <summary>Applies what is not yet applied, in order, stopping at the first script that fails; returns the names applied.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(IReadOnlyList<SchemaScript> scripts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, "select pg_advisory_lock($1)", cancellationToken, LockKey);
        try
        {
            var applied = await AppliedAsync(connection, cancellationToken);
            var done = new List<string>();
            foreach (var script in scripts.Where(s => applied.GetValueOrDefault(s.Name) != s.Checksum))
            {
                // No transaction of ours: the Orleans scripts hold their own BEGIN/COMMIT. A script without
                // one goes as one batch, which PostgreSQL runs as one implicit transaction, so a failing
                // statement undoes the script's earlier ones. A crash between the script and its history row
                // only applies the (re-runnable) script again next time.
                await ExecuteAsync(connection, script.Sql, cancellationToken);
                await ExecuteAsync(
                    connection,
                    "insert into stock_schema_history (name, checksum) values ($1, $2) on conflict (name) do update set checksum = excluded.checksum, applied_at = now()",
                    cancellationToken,
                    script.Name,
                    script.Checksum);
                done.Add(script.Name);
            }

            return done;
        }
        finally
        {
            await ExecuteAsync(connection, "select pg_advisory_unlock($1)", CancellationToken.None, LockKey);
        }
    }

    private static async Task<Dictionary<string, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, CreateHistory, cancellationToken);
        await using var command = new NpgsqlCommand("select name, checksum from stock_schema_history", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        // Without parameters the text goes as a simple query, which is what lets one script hold many statements.
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
