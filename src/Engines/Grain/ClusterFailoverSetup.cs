using Orleans.Configuration;

namespace Orleans.Stock.Engines.Grain;

/// <summary>What lets the API ride out the loss of a silo: fresh gateway lists and bounded retries.</summary>
public static class ClusterFailoverSetup
{
    public const string GatewaySection = "Orleans:Gateway";

    public static IHostApplicationBuilder AddClusterFailover(this IHostApplicationBuilder builder)
    {
        // The client re-reads the gateway list (one small read of the Redis membership table) every
        // 2 s instead of every minute. A crashed gateway is dropped at once (its connection fails),
        // but one that hangs with its connections open is only dropped when the list says it is
        // dead; and a new or restarted silo is used only once it is on the list.
        builder.Services.AddOptions<GatewayOptions>()
            .Configure(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2))
            .Bind(builder.Configuration.GetSection(GatewaySection));
        builder.Services.AddOptions<GrainRetryOptions>()
            .Bind(builder.Configuration.GetSection(GrainRetryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<GrainRetryMetrics>();
        builder.Services.AddSingleton<GrainCallRetry>();
        return builder;
    }
}
