namespace Orleans.Stock.Api.Access;

/// <summary>A key as stored (never its secret): what it may do and how fast.</summary>
public sealed record ApiKey(string Id, string Name, string Scope, int? RequestsPerSecond, DateTime CreatedAt, DateTime? RevokedAt);
