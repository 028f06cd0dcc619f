using Orleans.Stock.Api.Access;
using Orleans.Stock.Api.Endpoints;
using Orleans.Stock.Api.Hosting;
using Orleans.Stock.Carts;
using Orleans.Stock.Dashboard;
using Orleans.Stock.Engines;
using Orleans.Stock.Engines.Grain;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Engines.Sql;
using Orleans.Stock.Events;
using Orleans.Stock.Webhooks;

var builder = WebApplication.CreateBuilder(args);
// An operator's file of live settings (strategy, A/B share, rollout, alert bounds): edits apply
// within seconds, without a restart (README, "Rollback"). It overrides every other source.
if (builder.Configuration["Stock:SettingsFile"] is { Length: > 0 } settingsFile)
{
    builder.Configuration.AddJsonFile(Path.GetFullPath(settingsFile), optional: true, reloadOnChange: true);
}

// The subsystems, each registered by its own project (README, "Architecture").
builder.AddStockEngines();
builder.AddGrainEngine();
builder.AddSqlEngine();
builder.AddRedisEngine();
builder.AddStockCarts();
builder.AddStockEvents();
builder.AddStockWebhooks();
builder.AddStockDashboard();

// HTTP: JSON, problems, health, metrics, OpenAPI; traces when configured (README, "Tracing").
builder.AddStockHttp();
builder.AddStockTracing();
builder.AddStockAccess();
builder.WithoutBackgroundServicesWhenGenerating();

var app = builder.Build();

app.UseStockHttp();
app.UseStockAccess();
app.MapProductEndpoints();
app.MapStockAdjustmentEndpoints();
app.MapHistoryEndpoints();
app.MapReservationEndpoints();
app.MapCartEndpoints();
app.MapKeyEndpoints();
app.MapEventEndpoints();
app.MapWebhookEndpoints();
app.MapStockOperations();
app.MapStockDashboard();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
