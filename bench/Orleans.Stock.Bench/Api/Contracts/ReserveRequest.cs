namespace Orleans.Stock.Bench.Api.Contracts;

public sealed record ReserveRequest(int Quantity, string UserId, int TtlSeconds);
