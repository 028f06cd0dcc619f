using Orleans.Stock.Bench.Load;
using Orleans.Stock.Bench.Results;
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

    /// <summary>A webhook receiver measuring the events' delivery, if any.</summary>
    public DeliveryPlan? Delivery { get; init; }

    /// <summary>The scenario of <c>scripts/bench.sh</c> the run belongs to, if it was told; written into the result.</summary>
    public ScenarioTag? Scenario { get; init; }

    /// <summary>The plan as the result records it: flat, in plain units.</summary>
    public RunConfig ToResultConfig()
    {
        var workload = Workload;
        var load = Load;
        return new RunConfig(
            BaseUrl.ToString(),
            workload.Target.Label,
            workload.Target.Engine,
            workload.Target.Strategy,
            load.Model.ToString().ToLowerInvariant(),
            load.Rate,
            load.Users,
            load.Duration.TotalSeconds,
            load.Warmup.TotalSeconds,
            load.MaxInFlight,
            workload.SkuCount,
            workload.HotShare,
            workload.Quantity.ToString(),
            workload.FollowUps.Confirm,
            workload.FollowUps.Cancel,
            workload.FollowUps.Abandon,
            workload.TtlSeconds,
            workload.InitialStock,
            workload.Prefill,
            workload.ProductPrefix,
            workload.IdempotencyKeys,
            MaxConnections,
            RequestTimeout.TotalSeconds,
            workload.CartLines?.ToString());
    }
}
