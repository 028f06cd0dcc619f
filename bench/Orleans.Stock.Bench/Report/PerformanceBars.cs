namespace Orleans.Stock.Bench.Report;

/// <summary>The performance bar of the benchmark issue (#5), in one place so the report and its text agree.</summary>
public static class PerformanceBars
{
    /// <summary>One hot SKU, find-max: grain throughput at least this multiple of sql/pessimistic.</summary>
    public const double FindMaxRatio = 10;

    /// <summary>find-max's p99 bound; bench.sh passes the same number.</summary>
    public const double FindMaxP99Ms = 50;

    /// <summary>At 1000 TPS offered on one hot SKU: grain reserve p99 at most this, with zero errors.</summary>
    public const double At1000P99Ms = 10;

    /// <summary>Deep backlog: at least this share of the empty-SKU throughput.</summary>
    public const double BacklogRatio = 0.8;

    /// <summary>The pending reservations the issue asks the memory figure for.</summary>
    public const int BacklogReservations = 100_000;

    public static string Verdict(bool? passed) => passed switch
    {
        true => "**PASS**",
        false => "**MISS**",
        null => "n/a",
    };
}
