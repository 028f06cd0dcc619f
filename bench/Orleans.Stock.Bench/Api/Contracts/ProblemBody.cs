namespace Orleans.Stock.Bench.Api.Contracts;

/// <summary>
/// The members of an RFC 9457 problem the load generator uses: the <c>code</c> it counts by and, for a
/// refused cart, the <c>sku</c> of the line that failed.
/// </summary>
public sealed record ProblemBody(string? Code, string? Sku);
