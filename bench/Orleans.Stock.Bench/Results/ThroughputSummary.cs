namespace Orleans.Stock.Bench.Results;

/// <param name="OfferedPerSecond">The configured arrival rate (open model); null for the closed model.</param>
/// <param name="Scheduled">Sessions due in the window, including those refused as client-overload.</param>
/// <param name="Sent">Requests of every operation actually sent.</param>
/// <param name="AnsweredPerSecond">Reserve answers of any status per second of the measured window
/// (the duration, or until the last reserve answer if that came later).</param>
/// <param name="ReservedPerSecond">2xx reserves per second of the same window.</param>
/// <param name="RequestsPerSecond">Answers of every operation per second.</param>
public sealed record ThroughputSummary(
    double? OfferedPerSecond,
    long Scheduled,
    long Sent,
    long ReservesAnswered,
    long ReservesSucceeded,
    double WindowSeconds,
    double AnsweredPerSecond,
    double ReservedPerSecond,
    double RequestsPerSecond);
