using Orleans.Stock.Abstractions;
using Orleans.Stock.Carts;
using Orleans.Stock.Engines.Grain;

namespace Orleans.Stock.Api.Validation;

/// <summary>
/// The checks of what arrives in routes and headers rather than in a body, in one place, so every
/// endpoint that takes a SKU, an id or an Idempotency-Key refuses the same values the same way.
/// </summary>
public static class RequestInput
{
    public const string StrategyHeader = "X-Stock-Strategy";
    public const string IdempotencyHeader = "Idempotency-Key";

    public static ValidationErrors RouteSku(this ValidationErrors errors, string sku) => errors.Sku("sku", sku);

    /// <param name="field">The route parameter: <c>reservationId</c> or <c>cartId</c>.</param>
    public static ValidationErrors RouteId(this ValidationErrors errors, string field, string id) =>
        InputRules.ReservationId().IsMatch(id)
            ? errors
            : errors.Add(field, $"'{field}' must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'.");

    /// <summary>The prefixes of the keys the service makes for itself (cart lines, retried grain calls) or stores adjustments under.</summary>
    public static readonly IReadOnlyList<string> ReservedKeyPrefixes = [CartLineKey.Prefix, GeneratedIdempotencyKey.Prefix, StockAdjustment.AdjustmentKeyPrefix];

    public static ValidationErrors IdempotencyKey(this ValidationErrors errors, string? key)
    {
        if (key is null)
        {
            return errors;
        }

        if (!InputRules.IdempotencyKey().IsMatch(key))
        {
            return errors.Add(IdempotencyHeader, $"'{IdempotencyHeader}' must be 1-{InputRules.MaxIdempotencyKeyLength} visible ASCII characters.");
        }

        return ReservedKeyPrefixes.FirstOrDefault(p => key.StartsWith(p, StringComparison.Ordinal)) is { } reserved
            ? errors.Add(IdempotencyHeader, $"'{IdempotencyHeader}' may not start with '{reserved}': the service uses that prefix for its own keys.")
            : errors;
    }
}
