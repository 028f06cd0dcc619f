using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Contracts;

/// <summary>Body of <c>POST /api/reservations</c>. Everything nullable, so a missing field is told from a default.</summary>
public sealed record CreateCartRequest(string? UserId, int? TtlSeconds, IReadOnlyList<CartLineBody?>? Lines)
{
    public const int MaxLines = 100;

    public int EffectiveTtlSeconds => TtlSeconds ?? InputRules.DefaultTtlSeconds;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors()
            .Text("userId", UserId, InputRules.MaxUserIdLength)
            .Range("ttlSeconds", TtlSeconds, 1, InputRules.MaxTtlSeconds);
        if (Lines is null)
        {
            return errors.Add("lines", "'lines' is required.");
        }

        if (Lines.Count is 0 or > MaxLines)
        {
            return errors.Add("lines", $"'lines' must have 1-{MaxLines} entries.");
        }

        var firstLineOfSku = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Lines.Count; i++)
        {
            var field = $"lines[{i}]";
            if (Lines[i] is not { } line)
            {
                errors.Add(field, $"'{field}' must be an object with 'sku' and 'quantity'.");
                continue;
            }

            errors.Sku($"{field}.sku", line.Sku)
                .Required($"{field}.quantity", line.Quantity)
                .Range($"{field}.quantity", line.Quantity, 1, InputRules.MaxReserveQuantity);
            if (line.Sku is not null && !firstLineOfSku.TryAdd(line.Sku, i))
            {
                errors.Add($"{field}.sku", $"'{field}.sku' repeats lines[{firstLineOfSku[line.Sku]}].sku; each SKU may appear once per cart.");
            }
        }

        return errors;
    }
}

/// <summary>One entry of <see cref="CreateCartRequest.Lines"/>.</summary>
public sealed record CartLineBody(string? Sku, int? Quantity);
