namespace Orleans.Stock.Bench.Results;

/// <summary>One strategy's share of the sql engine's attempts and conflicts over a run.</summary>
public sealed record StrategyConflicts(double Attempts, double Conflicts, double? ConflictRate);
