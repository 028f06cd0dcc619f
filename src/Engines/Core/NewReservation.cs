using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines;

/// <summary>A reservation about to be written, with its id and times fixed before the first try.</summary>
public sealed record NewReservation(
    string ReservationId,
    int Quantity,
    string UserId,
    string? IdempotencyKey,
    long RequestHash,
    DateTime CreatedAt,
    DateTime ExpiresAt)
{
    public ReservationView ToView(string sku) =>
        new(ReservationId, sku, Quantity, UserId, ReservationStatus.Pending, CreatedAt, ExpiresAt);
}
