using System.Diagnostics.Metrics;

namespace Orleans.Stock.Engines.Sql;

/// <summary>Attempts, conflicts and fallbacks per strategy (meter <c>Orleans.Stock.Sql</c>).</summary>
public sealed class SqlEngineMetrics
{
    public const string MeterName = "Orleans.Stock.Sql";

    private readonly Counter<long> _attempts;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _deadlocks;

    public SqlEngineMetrics(IMeterFactory meterFactory, ConflictRateMonitor monitor)
    {
        var meter = meterFactory.Create(MeterName);
        _attempts = meter.CreateCounter<long>("stock.sql.attempts", description: "Reservation tries (a retry is another attempt).");
        _conflicts = meter.CreateCounter<long>("stock.sql.conflicts", description: "Optimistic tries that lost to another writer.");
        _retries = meter.CreateCounter<long>("stock.sql.retries", description: "Optimistic tries made again after a conflict (the guide's retry_count).");
        _fallbacks = meter.CreateCounter<long>("stock.sql.fallbacks", description: "Requests served pessimistically after optimistic retries ran out.");
        _expired = meter.CreateCounter<long>("stock.sql.expired", description: "Reservations released by the expiry sweeper.");
        _deadlocks = meter.CreateCounter<long>("stock.sql.deadlocks", description: "Cart transactions PostgreSQL chose as a deadlock victim (then tried again).");
        meter.CreateObservableGauge("stock.sql.conflict_rate", () => monitor.Rate, description: "Optimistic conflicts per attempt over the sliding window.");
    }

    public void Attempt(SqlStrategy strategy) => _attempts.Add(1, Tag(strategy));

    public void Conflict(SqlStrategy strategy) => _conflicts.Add(1, Tag(strategy));

    public void Retry(SqlStrategy strategy) => _retries.Add(1, Tag(strategy));

    public void Fallback() => _fallbacks.Add(1, Tag(SqlStrategy.Optimistic));

    public void Expired(int count) => _expired.Add(count);

    public void Deadlock(SqlStrategy strategy) => _deadlocks.Add(1, Tag(strategy));

    private static KeyValuePair<string, object?> Tag(SqlStrategy strategy) => new("strategy", strategy == SqlStrategy.Pessimistic ? "pessimistic" : "optimistic");
}
