namespace Orleans.Stock.Abstractions;

/// <summary>One reservation as it stands in durable storage.</summary>
[GenerateSerializer, Immutable, Alias("stock.ReservationView")]
public sealed record ReservationView(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] string Sku,
    [property: Id(2)] int Quantity,
    [property: Id(3)] string UserId,
    [property: Id(4)] ReservationStatus Status,
    [property: Id(5)] DateTime CreatedAt,
    [property: Id(6)] DateTime ExpiresAt,
    [property: Id(7)] string? Owner = null);
