using Npgsql;
using Orleans.Stock.Schema;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>
/// Every table of <c>scripts/sql</c> (applied by the schema tool) in a schema of its own, for an API host whose Redis is private
/// to a test: a Redis and the PostgreSQL it writes behind to belong together, and this one must not
/// meet the products of the shared test Redis.
/// </summary>
public sealed class IsolatedSchema : IAsyncDisposable
{
    private IsolatedSchema(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { SearchPath = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The test database with this schema first on the search path.</summary>
    public string ConnectionString { get; }

    public static async Task<IsolatedSchema> CreateAsync()
    {
        var schema = new IsolatedSchema($"t_redis_{Guid.NewGuid():N}");
        await using (var admin = new NpgsqlConnection(TestEnvironment.Postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create schema {schema.Name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(schema.ConnectionString);
        await new SchemaMigrator(dataSource).ApplyAsync(SchemaScripts.Embedded, CancellationToken.None);
        return schema;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestEnvironment.Postgres);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists {Name} cascade", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
