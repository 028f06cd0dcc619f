namespace Orleans.Stock.Bench.Api;

/// <summary>A reserve's outcome and, when it succeeded, what the follow-up and the conflict tally need.</summary>
public readonly record struct ReserveResult(ApiOutcome Outcome, string? ReservationId, int? Attempts, string? Strategy, double? ServerElapsedMs);
