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

    public static ValidationErrors IdempotencyKey(this ValidationErrors errors, string? key) =>
        key is null || InputRules.IdempotencyKey().IsMatch(key)
            ? errors
            : errors.Add(IdempotencyHeader, $"'{IdempotencyHeader}' must be 1-{InputRules.MaxIdempotencyKeyLength} visible ASCII characters.");
}
