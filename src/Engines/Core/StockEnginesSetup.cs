using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Stock.Engines;

/// <summary>Registers what every engine shares: the product catalog, the engine lookup and the rollout rule.</summary>
public static class StockEnginesSetup
{
    public static IHostApplicationBuilder AddStockEngines(this IHostApplicationBuilder builder)
    {
        var postgres = builder.Configuration.GetConnectionString("Stock")
            ?? throw new InvalidOperationException("ConnectionStrings:Stock (PostgreSQL) is required.");
        var services = builder.Services;
        services.AddNpgsqlDataSource(postgres);
        services.AddLiveOptions<StockEngineOptions>(StockEngineOptions.Section);
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<StockEngineOptions>, StockEngineOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ProductCatalog>();
        services.AddSingleton<EngineRollout>();
        services.AddSingleton<StockEngines>();
        services.AddSingleton<ProductEngineResolver>();
        services.AddSingleton<ProductListing>();
        services.AddSingleton<ReservationMetrics>();
        return builder;
    }
}
