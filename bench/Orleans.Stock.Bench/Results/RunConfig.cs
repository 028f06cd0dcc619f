namespace Orleans.Stock.Bench.Results;

/// <summary>A run's configuration as written into the result, flat and in plain units (seconds).</summary>
/// <param name="CartLines">Lines per cart (<c>2-5</c>) in a cart run; null when every session reserves one SKU.</param>
public sealed record RunConfig(
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
    string? CartLines = null);
