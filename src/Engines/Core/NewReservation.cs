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
    DateTime ExpiresAt,
    string? Owner = null)
{
    /// <summary>From a request: its Idempotency-Key scoped to its owner (<see cref="ReservationOwner.ScopeKey"/>).</summary>
    public static NewReservation For(ReserveRequest request, DateTime now) =>
        new(Guid.CreateVersion7(now).ToString("N"), request.Quantity, request.UserId, request.ScopedIdempotencyKey,
            ReserveRequestFingerprint.Of(request), now, now.AddSeconds(request.TtlSeconds), request.Owner);

    public ReservationView ToView(string sku) =>
        new(ReservationId, sku, Quantity, UserId, ReservationStatus.Pending, CreatedAt, ExpiresAt, Owner);
}
