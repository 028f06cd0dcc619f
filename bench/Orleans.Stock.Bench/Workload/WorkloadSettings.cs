namespace Orleans.Stock.Bench.Workload;

/// <summary>What the simulated clients ask for, independent of how fast they ask.</summary>
public sealed record WorkloadSettings(
    Target Target,
    int SkuCount,
    double? HotShare,
    QuantityRange Quantity,
    FollowUpMix FollowUps,
    int TtlSeconds,
    int InitialStock,
    int Prefill,
    string ProductPrefix,
    bool IdempotencyKeys)
{
    /// <summary>Distinct user ids the open model draws from; the sql engine's A/B split hashes them.</summary>
    public const int UserPool = 10_000;
}
