namespace Orleans.Stock.Dashboard.Metrics;

/// <summary>The sql engine's counters (meter <c>Orleans.Stock.Sql</c>), cumulative since start.</summary>
public sealed class SqlEngineTotals
{
    private long _optimisticAttempts;
    private long _pessimisticAttempts;
    private long _conflicts;
    private long _retries;
    private long _fallbacks;

    public long OptimisticAttempts => Interlocked.Read(ref _optimisticAttempts);

    public long PessimisticAttempts => Interlocked.Read(ref _pessimisticAttempts);

    public long Conflicts => Interlocked.Read(ref _conflicts);

    public long Retries => Interlocked.Read(ref _retries);

    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    public void Add(string instrument, string? strategy, long value)
    {
        switch (instrument)
        {
            case "stock.sql.attempts" when strategy == "optimistic":
                Interlocked.Add(ref _optimisticAttempts, value);
                break;
            case "stock.sql.attempts":
                Interlocked.Add(ref _pessimisticAttempts, value);
                break;
            case "stock.sql.conflicts":
                Interlocked.Add(ref _conflicts, value);
                break;
            case "stock.sql.retries":
                Interlocked.Add(ref _retries, value);
                break;
            case "stock.sql.fallbacks":
                Interlocked.Add(ref _fallbacks, value);
                break;
        }
    }
}
