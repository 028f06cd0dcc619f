using Npgsql;
using Orleans.Stock.Schema;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Schema;

/// <summary>The schema tool on an empty database: everything once, nothing twice, a changed script again.</summary>
public sealed class SchemaMigratorTests
{
    [Fact]
    public void Every_script_of_scripts_sql_is_embedded_in_order()
    {
        var onDisk = Directory.GetFiles(SqlDirectory(), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(onDisk);
        Assert.Equal(onDisk, SchemaScripts.Embedded.Select(s => s.Name));
    }

    [Fact]
    public async Task An_empty_database_gets_every_script_once_and_a_changed_one_again()
    {
        await using var database = await PrivateDatabase.CreateAsync("schema", applySchema: false);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var migrator = new SchemaMigrator(dataSource);
        var scripts = SchemaScripts.Embedded;

        Assert.All(await migrator.StatusAsync(scripts, CancellationToken.None), s => Assert.False(s.Applied, s.Script.Name));
        Assert.Equal(scripts.Select(s => s.Name), await migrator.ApplyAsync(scripts, CancellationToken.None));
        Assert.All(await migrator.StatusAsync(scripts, CancellationToken.None), s => Assert.True(s.Applied, s.Script.Name));

        // What the services read at start-up is there: Orleans' queries, the ledger, the feed.
        Assert.True(await ScalarAsync<long>(dataSource, "select count(*) from orleansquery") > 0);
        Assert.Equal(0L, await ScalarAsync<long>(dataSource, "select count(*) from stock_events"));
        Assert.Equal(0L, await ScalarAsync<long>(dataSource, "select count(*) from stock_ledger"));

        Assert.Empty(await migrator.ApplyAsync(scripts, CancellationToken.None));

        // A script edited since (here: its recorded checksum no longer matches) is applied again, alone; the
        // scripts are written to be re-run, so nothing else changes.
        var edited = scripts[^1];
        await ScalarAsync<int>(dataSource, $"update stock_schema_history set checksum = 'old' where name = '{edited.Name}' returning 1");
        Assert.Equal([edited.Name], await migrator.ApplyAsync(scripts, CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_script_stops_the_run_and_leaves_no_trace_of_itself()
    {
        await using var database = await PrivateDatabase.CreateAsync("schemafail", applySchema: false);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var migrator = new SchemaMigrator(dataSource);
        SchemaScript[] scripts =
        [
            new("001_good.sql", "create table if not exists t_good (id int)"),
            new("002_bad.sql", "create table t_half (id int); select 1/0"),
            new("003_never.sql", "create table t_never (id int)"),
        ];

        await Assert.ThrowsAsync<PostgresException>(() => migrator.ApplyAsync(scripts, CancellationToken.None));
        var status = await migrator.StatusAsync(scripts, CancellationToken.None);
        Assert.Equal([true, false, false], status.Select(s => s.Applied));
        Assert.Equal(0L, await ScalarAsync<long>(dataSource, "select count(*) from pg_tables where tablename in ('t_half', 't_never')"));
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static string SqlDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "sql");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No scripts/sql above {AppContext.BaseDirectory}.");
    }
}
