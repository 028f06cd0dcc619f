using System.Text.Json;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Contracts;

/// <summary>
/// Body of <c>PATCH /api/products/{sku}</c>. A field left out is left alone and a field sent as null is
/// cleared, so each is read as raw JSON: a nullable number could not tell the two apart.
/// </summary>
/// <param name="MaxPerUser">1..1,000,000, or null to clear.</param>
/// <param name="LowStockThreshold">0..1,000,000,000, or null to clear.</param>
public sealed record UpdateProductRequest(JsonElement MaxPerUser, JsonElement LowStockThreshold)
{
    public ValidationErrors Validate(out ProductSettingsChange change)
    {
        var errors = new ValidationErrors();
        var (setsLimit, limit) = Read(errors, "maxPerUser", MaxPerUser, 1, InputRules.MaxPerUser);
        var (setsThreshold, threshold) = Read(errors, "lowStockThreshold", LowStockThreshold, 0, InputRules.MaxStock);
        change = new ProductSettingsChange(setsLimit, limit, setsThreshold, threshold);
        return errors;
    }

    private static (bool Sets, int? Value) Read(ValidationErrors errors, string field, JsonElement value, long min, long max)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined:
                return (false, null);
            case JsonValueKind.Null:
                return (true, null);
            case JsonValueKind.Number when value.TryGetInt64(out var number) && number >= min && number <= max:
                return (true, (int)number);
            default:
                errors.Add(field, $"'{field}' must be null or an integer between {min} and {max}.");
                return (false, null);
        }
    }
}
