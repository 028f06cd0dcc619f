using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>POST /api/products</c>. Numbers are nullable so a missing field is told from zero.</summary>
/// <param name="MaxPerUser">Optional: units one <c>userId</c> may hold, pending plus confirmed (docs/api.md, "Limits").</param>
public sealed record CreateProductRequest(string? Sku, string? Name, long? InitialStock, string? Engine, int? MaxPerUser = null)
{
    public ValidationErrors Validate(IReadOnlyCollection<string> engines)
    {
        var errors = new ValidationErrors()
            .Sku("sku", Sku)
            .Text("name", Name, InputRules.MaxNameLength)
            .Required("initialStock", InitialStock)
            .Range("initialStock", InitialStock, 0, InputRules.MaxStock)
            .Range("maxPerUser", MaxPerUser, 1, InputRules.MaxPerUser);
        if (Engine is not null && !engines.Contains(Engine))
        {
            errors.Add("engine", $"'engine' must be one of: {string.Join(", ", engines)}.");
        }

        return errors;
    }
}
