using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Stock.Engines;
using Orleans.Stock.Engines.Sql;
using Orleans.Stock.Tests.RedisEngine;

namespace Orleans.Stock.Tests.SqlEngine;

/// <summary>
/// The sql engine as the API host wires it (<see cref="SqlEngineSetup"/>), over a schema of its own, so a test
/// can run the expiry sweep at a time of its choosing without touching, or being touched by, any other test's
/// reservations. The host is built, never started: the background sweeper does not run.
/// </summary>
public sealed class SqlEngineHarness : IAsyncLifetime
{
    private IsolatedSchema? _schema;
    private IHost? _host;

    public SqlStockEngine Engine { get; private set; } = null!;

    public SqlExpiryStore Expiry { get; private set; } = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _schema = await IsolatedSchema.CreateAsync();
        Start();
    }

    /// <summary>A new engine over the same schema, as after a restart: nothing is remembered in memory.</summary>
    public void Restart()
    {
        _host?.Dispose();
        Start();
    }

    public Task DisposeAsync()
    {
        _host?.Dispose();
        return _schema?.DisposeAsync().AsTask() ?? Task.CompletedTask;
    }

    /// <summary>The SKU's history rows in version order, read from the table, not through the engine.</summary>
    public async Task<List<(long Version, string Kind, long Quantity, string? Actor)>> MovementsAsync(string sku)
    {
        await using var command = DataSource.CreateCommand("select version, kind, quantity, actor from stock_movements where sku = $1 order by version");
        command.Parameters.Add(new() { Value = sku });
        var rows = new List<(long, string, long, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    /// <summary>The SKU's outbox rows in insertion (id) order, each with its <c>data</c>.</summary>
    public async Task<List<(long Version, string Type, JsonElement Data)>> EventsAsync(string sku)
    {
        await using var command = DataSource.CreateCommand("select version, type, data::text from stock_events where sku = $1 order by id");
        command.Parameters.Add(new() { Value = sku });
        var rows = new List<(long, string, JsonElement)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), JsonDocument.Parse(reader.GetString(2)).RootElement.Clone()));
        }

        return rows;
    }

    private void Start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddNpgsqlDataSource(_schema!.ConnectionString);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddSqlEngine();
        _host = builder.Build();
        Engine = _host.Services.GetServices<IStockEngine>().OfType<SqlStockEngine>().Single();
        Expiry = _host.Services.GetRequiredService<SqlExpiryStore>();
        DataSource = _host.Services.GetRequiredService<NpgsqlDataSource>();
    }
}
