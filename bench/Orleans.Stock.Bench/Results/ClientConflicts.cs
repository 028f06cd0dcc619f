namespace Orleans.Stock.Bench.Results;

/// <summary>The conflict rate as the reservation answers report it (<c>attempts</c> beyond the first).</summary>
public sealed record ClientConflicts(long Reservations, long Attempts, double? ConflictRate, IReadOnlyDictionary<string, long> StrategiesServed);
