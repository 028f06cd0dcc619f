using Orleans.Stock.Bench.Load;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Runs;

/// <summary>Everything that decides one run: where, what the clients ask, how hard, through which client.</summary>
/// <param name="BaseUrl">Where products are created, metrics scraped and the audit reads.</param>
public sealed record RunPlan(Uri BaseUrl, WorkloadSettings Workload, LoadSettings Load, int MaxConnections, TimeSpan RequestTimeout)
{
    /// <summary>Further API instances the load is spread over, beside <see cref="BaseUrl"/>.</summary>
    public IReadOnlyList<Uri> SpreadUrls { get; init; } = [];

    /// <summary>The silos' own <c>/metrics</c> endpoints, scraped around the load like the API's.</summary>
    public IReadOnlyList<Uri> SiloMetricsUrls { get; init; } = [];

    /// <summary>A command run once during the measured load (a failover run), if any.</summary>
    public FaultPlan? Fault { get; init; }
}
