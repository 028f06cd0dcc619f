namespace Orleans.Stock.Grains.Stock;

/// <summary>A reservation still holding units; lives in memory and in snapshots.</summary>
[GenerateSerializer, Immutable, Alias("stock.PendingReservation")]
public sealed record PendingReservation(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] string UserId,
    [property: Id(3)] DateTime CreatedAt,
    [property: Id(4)] DateTime ExpiresAt,
    [property: Id(5)] string? IdempotencyKey,
    [property: Id(6)] long? RequestHash,
    [property: Id(7)] string? Owner = null);
