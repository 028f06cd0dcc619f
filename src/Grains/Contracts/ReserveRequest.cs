namespace Orleans.Stock.Grains.Contracts;

/// <summary>A validated request to reserve units of one SKU.</summary>
[GenerateSerializer, Immutable, Alias("stock.ReserveRequest")]
public sealed record ReserveRequest(
    [property: Id(0)] int Quantity,
    [property: Id(1)] string UserId,
    [property: Id(2)] int TtlSeconds,
    [property: Id(3)] string? IdempotencyKey);
