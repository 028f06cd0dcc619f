using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>POST /api/products/{sku}/restock</c>.</summary>
public sealed record RestockRequest(long? Quantity)
{
    public ValidationErrors Validate() => new ValidationErrors()
        .Required("quantity", Quantity)
        .Range("quantity", Quantity, 1, InputRules.MaxStock);
}
