namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>The sql engine's optimistic path: the windowed conflict rate against its threshold, and rates of the last interval.</summary>
public sealed record SqlView(
    double ConflictRate,
    double ConflictThreshold,
    double ConflictWindowSeconds,
    double OptimisticAttemptsPerSecond,
    double PessimisticAttemptsPerSecond,
    double ConflictsPerSecond,
    double RetriesPerSecond,
    double FallbacksPerSecond,
    long Retries,
    long Fallbacks);
