namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>One second of the service as the page shows it; sent as one Server-Sent Event.</summary>
public sealed record DashboardSnapshot(
    DateTime At,
    double IntervalSeconds,
    IReadOnlyList<SeriesView> Series,
    SqlView Sql,
    GrainView? Grain,
    RedisView? Redis,
    PoolView Pool,
    ProcessView Process,
    IReadOnlyList<BusySkuView> BusiestSkus,
    SettingsView Settings,
    IReadOnlyList<AlertView> Alerts,
    EventsView? Events = null);
