using Orleans.Stock.Abstractions;
using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>PUT /api/products/{sku}/stock</c>: set on hand, as a cycle count found it.</summary>
/// <param name="ExpectedOnHand">Optional compare-and-set: refused with <c>version-mismatch</c> unless on hand is this now.</param>
public sealed record SetStockRequest(long? OnHand, string? Reason, long? ExpectedOnHand)
{
    public ValidationErrors Validate() => new ValidationErrors()
        .Required("onHand", OnHand)
        .Range("onHand", OnHand, 0, InputRules.MaxStock)
        .Text("reason", Reason, InputRules.MaxReasonLength)
        .Range("expectedOnHand", ExpectedOnHand, 0, InputRules.MaxStock);

    public StockAdjustment ToAdjustment(string? actor, string? idempotencyKey) =>
        new(AdjustmentMode.Set, OnHand!.Value, Reason!, ExpectedOnHand, actor, idempotencyKey);
}
