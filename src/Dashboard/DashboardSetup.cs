using Orleans.Dashboard;
using Orleans.Stock.Dashboard.Alerts;
using Orleans.Stock.Dashboard.Metrics;
using Orleans.Stock.Engines;

namespace Orleans.Stock.Dashboard;

/// <summary>Registers the live operations dashboard and its alerts.</summary>
public static class DashboardSetup
{
    public static IHostApplicationBuilder AddStockDashboard(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddLiveOptions<DashboardOptions>(DashboardOptions.Section);
        services.AddSingleton<MetricsTap>();
        services.AddSingleton<SkuActivity>();
        services.AddSingleton<AlertBoard>();
        services.AddSingleton<SnapshotBroadcaster>();
        services.AddSingleton<DashboardAssets>();
        services.AddSingleton<EventsPanelReader>();
        services.AddHostedService<DashboardSampler>();
        // The Orleans dashboard's UI is served by the API (under /dashboard/cluster); the silos collect its data.
        builder.UseOrleansClient(client => client.AddDashboard());
        return builder;
    }
}
