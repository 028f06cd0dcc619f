using Orleans.Configuration;
using Orleans.Stock.Telemetry;
using Orleans.Stock.Transport;
using StackExchange.Redis;

namespace Orleans.Stock.Engines.Grain;

/// <summary>The API's Orleans client: Redis membership when configured, else the localhost gateways.</summary>
public static class OrleansClientSetup
{
    public static IHostApplicationBuilder AddStockClusterClient(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(OrleansClientOptions.Section).Get<OrleansClientOptions>() ?? new OrleansClientOptions();
        var redis = builder.Configuration.GetConnectionString("Redis");
        var tls = builder.Configuration.GetSection(ClusterTlsOptions.ClientSection).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        builder.UseOrleansClient(client =>
        {
            client.UseClusterTls(tls);
            if (redis is { Length: > 0 })
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = options.ClusterId;
                    o.ServiceId = options.ServiceId;
                });
            }
            else
            {
                client.UseLocalhostClustering(options.GatewayPorts, options.ServiceId, options.ClusterId);
            }

            // Carries the request's trace into the grain call; the API's tracing setup records the spans.
            if (StockTracing.IsEnabled(builder.Configuration))
            {
                client.AddActivityPropagation();
            }
        });
        builder.Services.AddOptions<OrleansClientOptions>()
            .Bind(builder.Configuration.GetSection(OrleansClientOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
