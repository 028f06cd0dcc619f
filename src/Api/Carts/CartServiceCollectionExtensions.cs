namespace Orleans.Stock.Api.Carts;

/// <summary>Registers the cart coordinator, its store and its recovery.</summary>
public static class CartServiceCollectionExtensions
{
    public static IServiceCollection AddStockCarts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CartOptions>()
            .Bind(configuration.GetSection(CartOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<CartInstance>();
        services.AddSingleton<CartStore>();
        services.AddSingleton<CartMetrics>();
        services.AddSingleton<CartLineReserver>();
        services.AddSingleton<CartCompensator>();
        services.AddSingleton<CartCompleter>();
        services.AddSingleton<CartFinisher>();
        services.AddSingleton<CartReader>();
        services.AddSingleton<CartCoordinator>();
        services.AddHostedService<CartRecoveryService>();
        return services;
    }
}
