namespace Orleans.Stock.Bench.Workload;

/// <summary>What the simulated clients ask for, independent of how fast they ask.</summary>
/// <param name="CartLines">Null: every session reserves one SKU. Set: every session is a cart of that many
/// distinct SKUs (each drawn as a single reservation's SKU is), <see cref="Quantity"/> units per line.</param>
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
    bool IdempotencyKeys,
    QuantityRange? CartLines = null)
{
    /// <summary>Distinct user ids the open model draws from; the sql engine's A/B split hashes them.</summary>
    public const int UserPool = 10_000;
}
