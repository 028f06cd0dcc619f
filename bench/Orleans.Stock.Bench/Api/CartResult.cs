namespace Orleans.Stock.Bench.Api;

/// <summary>A cart reserve's outcome: its id when it was reserved, the failing line's SKU when it was refused.</summary>
public readonly record struct CartResult(ApiOutcome Outcome, string? CartId, string? FailedSku);
