namespace Orleans.Stock.Bench.Results;

public sealed record PrefillSummary(int Requested, long Acknowledged, double Seconds, double PerSecond, IReadOnlyList<OutcomeCount> Outcomes);
