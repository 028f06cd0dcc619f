using Orleans.Stock.Bench.Runs;

namespace Orleans.Stock.Bench.Reporting;

/// <summary>A run's configuration as written into the result, flat and in plain units (seconds).</summary>
/// <param name="CartLines">Lines per cart (<c>2-5</c>) in a cart run; null when every session reserves one SKU.</param>
public sealed record RunConfigReport(
    string Url,
    string Target,
    string Engine,
    string? Strategy,
    string Model,
    double? Rate,
    int? Users,
    double DurationSeconds,
    double WarmupSeconds,
    int MaxInFlight,
    int Skus,
    double? HotShare,
    string Quantity,
    double Confirm,
    double Cancel,
    double Abandon,
    int TtlSeconds,
    int InitialStock,
    int Prefill,
    string ProductPrefix,
    bool IdempotencyKeys,
    int MaxConnections,
    double RequestTimeoutSeconds,
    string? CartLines = null)
{
    public static RunConfigReport From(RunPlan plan)
    {
        var workload = plan.Workload;
        var load = plan.Load;
        return new RunConfigReport(
            plan.BaseUrl.ToString(),
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
            plan.MaxConnections,
            plan.RequestTimeout.TotalSeconds,
            workload.CartLines?.ToString());
    }
}
