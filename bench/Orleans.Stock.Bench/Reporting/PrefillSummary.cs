namespace Orleans.Stock.Bench.Reporting;

public sealed record PrefillSummary(int Requested, long Acknowledged, double Seconds, double PerSecond, IReadOnlyList<OutcomeCount> Outcomes);
