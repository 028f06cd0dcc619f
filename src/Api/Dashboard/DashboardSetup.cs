using Orleans.Stock.Api.Dashboard.Alerts;
using Orleans.Stock.Api.Dashboard.Metrics;
using Orleans.Stock.Api.Hosting;

namespace Orleans.Stock.Api.Dashboard;

/// <summary>Registers the live operations dashboard and its alerts.</summary>
public static class DashboardSetup
{
    public static IHostApplicationBuilder AddStockDashboard(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddLiveOptions<DashboardOptions>(DashboardOptions.Section);
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        services.AddSingleton<MetricsTap>();
        services.AddSingleton<SkuActivity>();
        services.AddSingleton<AlertBoard>();
        services.AddSingleton<SnapshotBroadcaster>();
        services.AddSingleton<DashboardAssets>();
        services.AddHostedService<DashboardSampler>();
        return builder;
    }
}
