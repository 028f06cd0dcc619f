using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Redis;

/// <summary>A redis-engine reservation as the write-behind left it in <c>sql_reservations</c>.</summary>
public sealed record StoredReservation(
    string Id,
    int Quantity,
    string UserId,
    ReservationStatus Status,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    DateTime UpdatedAt,
    string? IdempotencyKey,
    long? RequestHash,
    string? Owner = null)
{
    public ReservationView ToView(string sku) => new(Id, sku, Quantity, UserId, Status, CreatedAt, ExpiresAt, Owner);
}
