using System.Text.Json.Serialization;
using System.Text.Json;
using Orleans.Stock.Api.Carts;
using Orleans.Stock.Api.Catalog;
using Orleans.Stock.Api.Dashboard;
using Orleans.Stock.Api.Dashboard.Alerts;
using Orleans.Stock.Api.Dashboard.Metrics;
using Orleans.Stock.Api.Endpoints;
using Orleans.Stock.Api.Engines;
using Orleans.Stock.Api.Hosting;
using Orleans.Stock.Api.Json;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.RedisEngine;
using Orleans.Stock.Api.SqlEngine;
using Orleans.Stock.Api.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
// An operator's file of live settings (strategy, A/B share, rollout, alert bounds): edits apply
// within seconds, without a restart (README, "Rollback"). It overrides every other source.
if (builder.Configuration["Stock:SettingsFile"] is { Length: > 0 } settingsFile)
{
    builder.Configuration.AddJsonFile(Path.GetFullPath(settingsFile), optional: true, reloadOnChange: true);
}

var postgres = builder.Configuration.GetConnectionString("Stock")
    ?? throw new InvalidOperationException("ConnectionStrings:Stock (PostgreSQL) is required.");

builder.AddStockClusterClient();
builder.AddClusterFailover();
builder.Services.AddNpgsqlDataSource(postgres);
builder.Services.AddLiveOptions<StockApiOptions>(StockApiOptions.Section);

builder.Services.AddSingleton<ProductCatalog>();
builder.Services.AddSingleton<IStockEngine, GrainStockEngine>();
builder.Services.AddSingleton<IStockEngine, SqlStockEngine>();
builder.Services.AddSingleton<EngineRollout>();
builder.Services.AddLiveOptions<SqlEngineOptions>(SqlEngineOptions.Section);
builder.Services.AddSingleton<SqlStockStore>();
builder.Services.AddSingleton<SqlCartLineStore>();
builder.Services.AddSingleton<SqlStrategySelector>();
builder.Services.AddSingleton<ConflictRateMonitor>();
builder.Services.AddSingleton<SqlEngineMetrics>();
builder.Services.AddHostedService<SqlExpirySweeper>();
builder.AddRedisEngine();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<StockEngines>();
builder.Services.AddSingleton<ProductEngineResolver>();
builder.Services.AddSingleton<StockApiMetrics>();
builder.Services.AddStockCarts(builder.Configuration);
builder.AddStockDashboard();

builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    o.SerializerOptions.Converters.Add(new UtcTimestampConverter());
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    // A body that names a field twice is ambiguous, not "last one wins".
    o.SerializerOptions.AllowDuplicateProperties = false;
});
// Binding failures throw, so the exception handlers can answer them as validation problems.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
{
    var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
    context.ProblemDetails.Extensions.TryAdd("code", ProblemCodes.ForStatus(status));
    // Problems the framework writes itself (unknown route, wrong method or media type) carry no detail.
    context.ProblemDetails.Detail ??= $"{context.ProblemDetails.Title ?? "The request failed"} ({context.HttpContext.Request.Method} {context.HttpContext.Request.Path}).";
});
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddExceptionHandler<UnavailableExceptionHandler>();

builder.Services.AddHealthChecks()
    .AddNpgSql(tags: ["ready"])
    .AddCheck<OrleansClusterHealthCheck>("orleans", tags: ["ready"]);

builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddAspNetCoreInstrumentation()
    .AddRuntimeInstrumentation()
    .AddMeter(StockApiMetrics.MeterName, SqlEngineMetrics.MeterName, GrainRetryMetrics.MeterName, RedisEngineMetrics.MeterName, CartMetrics.MeterName)
    .AddMeter(AlertBoard.MeterName, MetricsTap.NpgsqlMeterName)
    // No scrape cache: a scrape right after a change must show it (the tests and the benchmark rely on that).
    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.Use(static (context, next) =>
{
    // Every 503 tells the client when to come back (API.md).
    context.Response.OnStarting(static state =>
    {
        var response = (HttpResponse)state;
        if (response.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = "1";
        }

        return Task.CompletedTask;
    }, context.Response);
    return next(context);
});

app.MapProductEndpoints();
app.MapReservationEndpoints();
app.MapCartEndpoints();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapPrometheusScrapingEndpoint("/metrics");
app.MapStockDashboard();
app.MapOpenApi();
app.MapScalarApiReference("/docs");

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
