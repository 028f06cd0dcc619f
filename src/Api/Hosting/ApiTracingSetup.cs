using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using Orleans.Stock.Engines.Redis;
using Orleans.Stock.Telemetry;
using StackExchange.Redis;

namespace Orleans.Stock.Api.Hosting;

/// <summary>
/// The API's traces: each request, the grain calls it makes (continued in the silo), its PostgreSQL
/// statements, the redis engine's commands and the webhooks' outgoing HTTP calls.
/// </summary>
public static class ApiTracingSetup
{
    public const string ServiceName = "orleans-stock-api";

    public static IHostApplicationBuilder AddStockTracing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddStockTracing(builder.Configuration, ServiceName, tracing => tracing
            // Probes and scrapes come every few seconds and say nothing about a reservation.
            .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperations(context.Request.Path))
            .AddHttpClientInstrumentation()
            .AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.RuntimeActivitySourceName)
            .AddRedisInstrumentation()
            // The engine's connection is keyed, so the instrumentation cannot find it by itself.
            .ConfigureRedisInstrumentation((provider, redis) =>
            {
                if (provider.GetKeyedService<IConnectionMultiplexer>(RedisEngineSetup.ServiceKey) is { } engine)
                {
                    redis.AddConnection(engine);
                }
            }));
        return builder;
    }

    private static bool IsOperations(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.Ordinal) || path.StartsWithSegments("/metrics", StringComparison.Ordinal);
}
