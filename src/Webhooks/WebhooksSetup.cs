using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Stock.Webhooks.Delivery;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Webhooks;

/// <summary>
/// Registers the subscriptions' store and the dispatcher. Needs an <c>NpgsqlDataSource</c> and the events
/// subsystem (<c>AddStockEvents</c>), whose feed it delivers.
/// </summary>
public static class WebhooksSetup
{
    public static IHostApplicationBuilder AddStockWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SecretSealer>();
        services.TryAddSingleton<WebhookStore>();
        services.TryAddSingleton<WebhookDeliveryStore>();
        services.TryAddSingleton<WebhookInstance>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookMetrics>();
        services.TryAddSingleton<WebhookDeliverer>();
        services.AddHostedService<WebhookDispatcher>();
        return builder;
    }
}
