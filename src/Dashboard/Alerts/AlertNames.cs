namespace Orleans.Stock.Dashboard.Alerts;

/// <summary>The dashboard's alerts, as named on the page, in logs and in the <c>alert</c> tag of the metric.</summary>
public static class AlertNames
{
    public const string ConflictRate = "conflict-rate";
    public const string P99Latency = "p99-latency";
    public const string ErrorRate = "error-rate";
    public const string RedisSyncLag = "redis-sync-lag";
    public const string RedisDeadLetters = "redis-dead-letters";

    public static readonly IReadOnlyList<string> All = [ConflictRate, P99Latency, ErrorRate, RedisSyncLag, RedisDeadLetters];
}
