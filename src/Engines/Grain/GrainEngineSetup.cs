namespace Orleans.Stock.Engines.Grain;

/// <summary>Registers the grain engine: the Orleans client, its failover rules and the engine itself.</summary>
public static class GrainEngineSetup
{
    public static IHostApplicationBuilder AddGrainEngine(this IHostApplicationBuilder builder)
    {
        builder.AddStockClusterClient();
        builder.AddClusterFailover();
        builder.Services.AddSingleton<GrainLedgerHistory>();
        builder.Services.AddSingleton<IStockEngine, GrainStockEngine>();
        builder.Services.AddHealthChecks().AddCheck<OrleansClusterHealthCheck>("orleans", tags: ["ready"]);
        return builder;
    }
}
