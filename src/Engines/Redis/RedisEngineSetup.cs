using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>Registers the redis engine when a Redis is configured for it; without one the engine does not exist.</summary>
public static class RedisEngineSetup
{
    /// <summary>The engine's own connection, apart from anything else in the process that talks to Redis.</summary>
    public const string ServiceKey = "redis-engine";

    /// <summary>
    /// <c>ConnectionStrings:RedisEngine</c>, else <c>ConnectionStrings:Redis</c> (which also switches the
    /// Orleans client to Redis membership, so tests point only the engine at a Redis with the first).
    /// </summary>
    public static string? ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("RedisEngine") is { Length: > 0 } engine ? engine
        : configuration.GetConnectionString("Redis") is { Length: > 0 } shared ? shared
        : null;

    public static IHostApplicationBuilder AddRedisEngine(this IHostApplicationBuilder builder)
    {
        if (ConnectionString(builder.Configuration) is not { } connectionString)
        {
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<RedisEngineOptions>()
            .Bind(builder.Configuration.GetSection(RedisEngineOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RedisRecoveryGate>();
        services.AddKeyedSingleton<IConnectionMultiplexer>(ServiceKey, (provider, _) => Connect(connectionString, provider.GetRequiredService<RedisRecoveryGate>()));
        services.AddSingleton<RedisEngineMetrics>();
        services.AddSingleton<RedisScriptRunner>();
        services.AddSingleton<RedisStockStore>();
        services.AddSingleton<RedisProductMirror>();
        services.AddSingleton<RedisProductLoader>();
        services.AddSingleton<RedisInstance>();
        services.AddSingleton<SyncWatermarkStore>();
        services.AddSingleton<SyncBatchWriter>();
        services.AddSingleton<RedisChangeSync>();
        services.AddSingleton<RedisReconciler>();
        services.AddSingleton<IStockEngine, RedisStockEngine>();
        services.AddHostedService<RedisRecoveryWorker>();
        services.AddHostedService<RedisSyncWorker>();
        services.AddHostedService<RedisExpirySweeper>();
        services.AddHealthChecks().AddCheck<RedisEngineHealthCheck>("redis-engine", tags: ["ready"]);
        return builder;
    }

    private static ConnectionMultiplexer Connect(string connectionString, RedisRecoveryGate gate)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        // Start (and keep serving the other engines) while Redis is down; reconnect in the background.
        options.AbortOnConnectFail = false;
        // A command issued while disconnected fails at once (a 503) instead of being queued and run
        // later on a Redis that may have come back behind PostgreSQL, before it is reconciled.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        var multiplexer = ConnectionMultiplexer.Connect(options);
        // Redis may come back having lost changes: hold requests until it is reconciled.
        multiplexer.ConnectionFailed += (_, _) => gate.Close();
        multiplexer.ConnectionRestored += (_, _) => gate.Close();
        return multiplexer;
    }
}
