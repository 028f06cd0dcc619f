namespace Orleans.Stock.Bench.Api.Contracts;

/// <summary>
/// The members of a reservation answer the load generator uses. <c>attempts</c> and <c>strategy</c> are
/// what the sql engine reports about optimistic retries and fallbacks, <c>elapsedMs</c> the server's own
/// time for the request; older servers may omit them.
/// </summary>
public sealed record ReservationBody(string? ReservationId, int Quantity, int? Attempts, string? Strategy, double? ElapsedMs);
