namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>
/// The redis engine's write-behind: how far PostgreSQL is behind, how big each sync is, and how many
/// changes PostgreSQL refused for their data (set aside in <c>redis_sync_dead_letters</c>).
/// </summary>
public sealed record RedisView(double SyncLagMs, double SyncsPerSecond, double ChangesPerSecond, double MeanSyncBatchSize, long DeadLetters);
