using System.Text.Json.Serialization;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Carts;

/// <summary>The cart body of docs/api.md. <see cref="Status"/> is <c>pending</c>, <c>confirmed</c>, <c>cancelled</c> or <c>expired</c>.</summary>
public sealed record CartResponse(
    string CartId,
    string UserId,
    ReservationStatus Status,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    IReadOnlyList<CartLineResponse> Lines);

/// <summary>One line: an ordinary reservation of its SKU, readable under <c>/api/products/{sku}/reservations/{reservationId}</c>.</summary>
public sealed record CartLineResponse(
    string Sku,
    string ReservationId,
    int Quantity,
    string Engine,
    ReservationStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Strategy = null);
