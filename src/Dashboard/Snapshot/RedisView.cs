namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>The redis engine's write-behind: how far PostgreSQL is behind and how big each sync is.</summary>
public sealed record RedisView(double SyncLagMs, double SyncsPerSecond, double ChangesPerSecond, double MeanSyncBatchSize);
