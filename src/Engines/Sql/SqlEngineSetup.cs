namespace Orleans.Stock.Engines.Sql;

/// <summary>Registers the sql engine: its two strategies, the A/B split, conflict tracking and the expiry sweeper.</summary>
public static class SqlEngineSetup
{
    public static IHostApplicationBuilder AddSqlEngine(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddLiveOptions<SqlEngineOptions>(SqlEngineOptions.Section);
        services.AddSingleton<IStockEngine, SqlStockEngine>();
        services.AddSingleton<SqlStockStore>();
        services.AddSingleton<SqlCartLineStore>();
        services.AddSingleton<SqlExpiryStore>();
        services.AddSingleton<SqlAdjustmentStore>();
        services.AddSingleton<SqlProductSettingsStore>();
        services.AddSingleton<SqlHistoryStore>();
        services.AddSingleton<SqlStrategySelector>();
        services.AddSingleton<ConflictRateMonitor>();
        services.AddSingleton<SqlEngineMetrics>();
        services.AddHostedService<SqlExpirySweeper>();
        return builder;
    }
}
