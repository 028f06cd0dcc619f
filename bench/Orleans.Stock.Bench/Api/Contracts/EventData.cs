namespace Orleans.Stock.Bench.Api.Contracts;

/// <summary>An event's <c>data</c> (the history item), as far as the delivery audit reads it.</summary>
public sealed record EventData(string? ReservationId);
