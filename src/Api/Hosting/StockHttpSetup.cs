using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Orleans.Stock.Api.Access;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Carts;
using Orleans.Stock.Dashboard.Alerts;
using Orleans.Stock.Dashboard.Metrics;
using Orleans.Stock.Engines;
using Orleans.Stock.Engines.Grain;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Engines.Sql;
using Orleans.Stock.Events.Json;
using Orleans.Stock.Events.Stamping;
using Orleans.Stock.Webhooks.Delivery;
using Scalar.AspNetCore;

namespace Orleans.Stock.Api.Hosting;

/// <summary>The HTTP side of the API: JSON, problems, health, metrics and the OpenAPI document.</summary>
public static class StockHttpSetup
{
    public static IHostApplicationBuilder AddStockHttp(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StockHttpOptions>().BindConfiguration(StockHttpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Kestrel holds the same limit (its own Kestrel:Limits:MaxRequestBodySize, when set, wins).
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<StockHttpOptions>, IConfiguration>((kestrel, http, configuration) =>
        {
            if (configuration["Kestrel:Limits:MaxRequestBodySize"] is null)
            {
                kestrel.Limits.MaxRequestBodySize = http.Value.MaxRequestBodyBytes;
            }
        });
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.Converters.Add(new UtcTimestampConverter());
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // A body that names a field twice is ambiguous, not "last one wins".
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        // Binding failures throw, so the exception handlers can answer them as validation problems.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd("code", ProblemCodes.ForStatus(status));
            // Problems the framework writes itself (unknown route, wrong method or media type) carry no detail.
            context.ProblemDetails.Detail ??= $"{context.ProblemDetails.Title ?? "The request failed"} ({context.HttpContext.Request.Method} {context.HttpContext.Request.Path}).";
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnavailableExceptionHandler>();

        // Each engine adds its own readiness checks; the database is everyone's.
        services.AddHealthChecks().AddNpgSql(tags: ["ready"]);

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(ReservationMetrics.MeterName, SqlEngineMetrics.MeterName, GrainRetryMetrics.MeterName, RedisEngineMetrics.MeterName, CartMetrics.MeterName)
            .AddMeter(AlertBoard.MeterName, MetricsTap.NpgsqlMeterName)
            .AddMeter(EventMetrics.MeterName, WebhookMetrics.MeterName)
            // No scrape cache: a scrape right after a change must show it (the tests and the benchmark rely on that).
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

        services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseStockHttp(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestBodyLimit();
        app.Use(static (context, next) =>
        {
            // Every 503 tells the client when to come back.
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
        return app;
    }

    /// <summary>Health, metrics, the OpenAPI document and its browsable UI.</summary>
    public static WebApplication MapStockOperations(this WebApplication app)
    {
        // Probes carry no key; the contract and its UI are public; metrics need the metrics scope.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(AccessScopes.Metrics);
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs").AllowAnonymous();
        return app;
    }
}
