namespace Orleans.Stock.Bench.Results;

/// <param name="Outcome">Status and problem code (<c>409 insufficient-stock</c>), or
/// <c>client-overload</c>, <c>timeout</c>, <c>transport ...</c>.</param>
/// <param name="Error">Counts as an error: not 2xx and not a business 409.</param>
public sealed record OutcomeCount(string Operation, string Outcome, long Count, bool Error);
