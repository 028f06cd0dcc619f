namespace Orleans.Stock.Bench.Api.Contracts;

/// <summary>The one member of an RFC 9457 problem the load generator counts by.</summary>
public sealed record ProblemBody(string? Code);
