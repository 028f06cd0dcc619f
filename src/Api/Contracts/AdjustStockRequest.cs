using Orleans.Stock.Abstractions;
using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>POST /api/products/{sku}/adjustments</c>: add <see cref="Delta"/> to on hand.</summary>
/// <param name="ExpectedVersion">Optional compare-and-set: refused with <c>version-mismatch</c> unless it is the product's version.</param>
public sealed record AdjustStockRequest(long? Delta, string? Reason, long? ExpectedVersion)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors()
            .Required("delta", Delta)
            .Range("delta", Delta, -InputRules.MaxStock, InputRules.MaxStock)
            .Text("reason", Reason, InputRules.MaxReasonLength)
            .Range("expectedVersion", ExpectedVersion, 0, long.MaxValue);
        return Delta == 0 ? errors.Add("delta", "'delta' must not be 0.") : errors;
    }

    public StockAdjustment ToAdjustment(string? actor, string? idempotencyKey) =>
        new(AdjustmentMode.Delta, Delta!.Value, Reason!, ExpectedVersion, actor, idempotencyKey);
}
