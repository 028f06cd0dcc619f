using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>POST /api/products</c>. Numbers are nullable so a missing field is told from zero.</summary>
public sealed record CreateProductRequest(string? Sku, string? Name, long? InitialStock, string? Engine)
{
    public ValidationErrors Validate(IReadOnlyCollection<string> engines)
    {
        var errors = new ValidationErrors()
            .Sku("sku", Sku)
            .Text("name", Name, InputRules.MaxNameLength)
            .Required("initialStock", InitialStock)
            .Range("initialStock", InitialStock, 0, InputRules.MaxStock);
        if (Engine is not null && !engines.Contains(Engine))
        {
            errors.Add("engine", $"'engine' must be one of: {string.Join(", ", engines)}.");
        }

        return errors;
    }
}
