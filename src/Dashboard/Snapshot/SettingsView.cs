namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>The settings in force now (they change without a restart when the config file does).</summary>
public sealed record SettingsView(
    string DefaultEngine,
    string? RolloutEngine,
    int? RolloutPercent,
    string DefaultStrategy,
    int? OptimisticSharePercent,
    int MaxRetries,
    double RetryBaseDelayMs,
    bool FallbackToPessimistic,
    double ConflictWarningThreshold,
    double P99AlertMs,
    double ErrorRateAlert,
    double SyncLagAlertMs);
