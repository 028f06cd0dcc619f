namespace Orleans.Stock.Carts;

/// <summary>Registers the cart coordinator, its store and its recovery.</summary>
public static class CartsSetup
{
    public static IHostApplicationBuilder AddStockCarts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CartOptions>()
            .Bind(builder.Configuration.GetSection(CartOptions.Section))
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
        return builder;
    }
}
