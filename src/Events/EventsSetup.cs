using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Stock.Events.Feed;
using Orleans.Stock.Events.Retention;
using Orleans.Stock.Events.Stamping;

namespace Orleans.Stock.Events;

/// <summary>
/// Registers the stamper, the feed's reader and retention. Needs an <c>NpgsqlDataSource</c> (the engines
/// register it).
/// </summary>
public static class EventsSetup
{
    public static IHostApplicationBuilder AddStockEvents(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EventStampingOptions>().Bind(builder.Configuration.GetSection(EventStampingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EventRetentionOptions>().Bind(builder.Configuration.GetSection(EventRetentionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<EventMetrics>();
        services.TryAddSingleton<EventStamper>();
        services.TryAddSingleton<EventFeedReader>();
        services.TryAddSingleton<EventPruner>();
        services.AddHostedService<EventStampingService>();
        services.AddHostedService<EventRetentionService>();
        return builder;
    }
}
