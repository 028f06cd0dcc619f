using System.Text.Json.Serialization;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Api.Contracts;

/// <summary>The reservation body of docs/api.md. How it was served is present on the answers that served it.</summary>
public sealed record ReservationResponse(
    string ReservationId,
    string Sku,
    int Quantity,
    string UserId,
    ReservationStatus Status,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    string Engine,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Strategy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Attempts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ElapsedMs)
{
    public static ReservationResponse From(ReservationView view, string engine, string? strategy = null, int? attempts = null, double? elapsedMs = null) => new(
        view.ReservationId, view.Sku, view.Quantity, view.UserId, view.Status, view.CreatedAt, view.ExpiresAt,
        engine, strategy, attempts, elapsedMs is { } ms ? Math.Round(ms, 3) : null);
}
