using Orleans.Stock.Abstractions;
using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>POST /api/products</c>. Numbers are nullable so a missing field is told from zero.</summary>
/// <param name="MaxPerUser">Optional: units one <c>userId</c> may hold, pending plus confirmed (docs/api.md, "Limits").</param>
/// <param name="LowStockThreshold">Optional: at or below this many available units the product is low (<c>stock.low</c>).</param>
public sealed record CreateProductRequest(string? Sku, string? Name, long? InitialStock, string? Engine, int? MaxPerUser = null, int? LowStockThreshold = null)
{
    public NewProduct ToNewProduct(string? actor) => new(Name!, InitialStock!.Value, MaxPerUser, LowStockThreshold, actor);

    public ValidationErrors Validate(IReadOnlyCollection<string> engines)
    {
        var errors = new ValidationErrors()
            .Sku("sku", Sku)
            .Text("name", Name, InputRules.MaxNameLength)
            .Required("initialStock", InitialStock)
            .Range("initialStock", InitialStock, 0, InputRules.MaxStock)
            .Range("maxPerUser", MaxPerUser, 1, InputRules.MaxPerUser)
            .Range("lowStockThreshold", LowStockThreshold, 0, InputRules.MaxStock);
        if (Engine is not null && !engines.Contains(Engine))
        {
            errors.Add("engine", $"'engine' must be one of: {string.Join(", ", engines)}.");
        }

        return errors;
    }
}
