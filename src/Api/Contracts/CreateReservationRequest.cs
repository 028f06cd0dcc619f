using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>POST /api/products/{sku}/reservations</c>.</summary>
public sealed record CreateReservationRequest(int? Quantity, string? UserId, int? TtlSeconds)
{
    public ValidationErrors Validate() => new ValidationErrors()
        .Required("quantity", Quantity)
        .Range("quantity", Quantity, 1, InputRules.MaxReserveQuantity)
        .Text("userId", UserId, InputRules.MaxUserIdLength)
        .Range("ttlSeconds", TtlSeconds, 1, InputRules.MaxTtlSeconds);
}
