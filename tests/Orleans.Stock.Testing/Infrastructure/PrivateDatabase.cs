using Npgsql;
using Orleans.Stock.Schema;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// A database of its own on the test server, with the whole schema applied by the schema tool: for a test
/// whose subject is global to a database (retention's horizon spans every webhook), which other tests
/// running beside it would otherwise move. Dropped at dispose.
/// </summary>
public sealed class PrivateDatabase : IAsyncDisposable
{
    private PrivateDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PrivateDatabase> CreateAsync(string purpose, bool applySchema = true)
    {
        var name = $"stock_{purpose.ToLowerInvariant()}_{Guid.NewGuid():N}"[..40];
        await using (var server = new NpgsqlConnection(TestEnvironment.Postgres))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"create database \"{name}\"", server);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = name }.ConnectionString;
        var database = new PrivateDatabase(name, connectionString);
        if (applySchema)
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await new SchemaMigrator(dataSource).ApplyAsync(SchemaScripts.Embedded, CancellationToken.None);
        }

        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await using var server = new NpgsqlConnection(TestEnvironment.Postgres);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
