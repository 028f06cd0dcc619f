using Orleans.Stock.Abstractions;
using Orleans.Stock.Api.Validation;
using Orleans.Stock.Carts;

namespace Orleans.Stock.Api.Problems;

/// <summary>The problem answers of docs/api.md for carts: a failing line is named by the extension <c>sku</c>.</summary>
public static class CartProblems
{
    public static IResult ProductNotFound(string sku) =>
        StockProblems.Problem(StatusCodes.Status404NotFound, ProblemCodes.ProductNotFound, "Product not found",
            $"No product has SKU '{sku}'; nothing in the cart was reserved.", new() { ["sku"] = sku });

    public static IResult InsufficientStock(string sku, long available) =>
        StockProblems.Problem(StatusCodes.Status409Conflict, ProblemCodes.InsufficientStock, "Insufficient stock",
            $"Only {available} unit(s) of '{sku}' are available; nothing in the cart was reserved.", new() { ["sku"] = sku, ["available"] = available });

    public static IResult LimitExceeded(string sku, int maxPerUser, long held) =>
        StockProblems.Problem(StatusCodes.Status409Conflict, ProblemCodes.LimitExceeded, "Limit exceeded",
            $"The cart would take its user past {maxPerUser} unit(s) of '{sku}' (held: {held}); nothing in the cart was reserved.",
            new() { ["sku"] = sku, ["maxPerUser"] = maxPerUser, ["held"] = held });

    public static IResult Unavailable(string? sku) =>
        StockProblems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemCodes.Unavailable, "Service unavailable",
            sku is null
                ? "A cart could not be completed; nothing in it stays reserved. Retry shortly."
                : $"The engine of '{sku}' could not be reached; nothing in the cart stays reserved. Retry shortly.",
            sku is null ? null : new() { ["sku"] = sku });

    public static IResult InProgress() =>
        StockProblems.Unavailable("Another request is still working on this cart; retry shortly.");

    public static IResult NotFound(string cartId) =>
        StockProblems.Problem(StatusCodes.Status404NotFound, ProblemCodes.ReservationNotFound, "Reservation not found", $"No cart has id '{cartId}'.");

    /// <param name="sku">The line that forbids it, when the cart itself is pending.</param>
    public static IResult NotPending(string cartId, ReservationStatus status, string? sku = null)
    {
        var name = status.ToString().ToLowerInvariant();
        return sku is null
            ? StockProblems.Problem(StatusCodes.Status409Conflict, ProblemCodes.ReservationNotPending, "Reservation not pending",
                $"Cart '{cartId}' is {name}.", new() { ["reservationStatus"] = name })
            : StockProblems.Problem(StatusCodes.Status409Conflict, ProblemCodes.ReservationNotPending, "Reservation not pending",
                $"Cart '{cartId}' has line '{sku}' {name}; nothing was confirmed.", new() { ["reservationStatus"] = name, ["sku"] = sku });
    }

    public static IResult IdempotencyKeyReused() =>
        StockProblems.Problem(StatusCodes.Status422UnprocessableEntity, ProblemCodes.IdempotencyKeyReused, "Idempotency key reused",
            "This Idempotency-Key was used with a different cart.");

    /// <summary>The answer to a refused cart request.</summary>
    public static IResult From(CartRefusal refusal) => refusal.Kind switch
    {
        CartRefusalKind.ProductNotFound => ProductNotFound(refusal.Sku!),
        CartRefusalKind.InsufficientStock => InsufficientStock(refusal.Sku!, refusal.Available ?? 0),
        CartRefusalKind.LimitExceeded => LimitExceeded(refusal.Sku!, refusal.MaxPerUser ?? 0, refusal.Held ?? 0),
        CartRefusalKind.Unavailable => Unavailable(refusal.Sku),
        CartRefusalKind.InProgress => InProgress(),
        CartRefusalKind.NotFound => NotFound(refusal.CartId!),
        CartRefusalKind.NotPending => NotPending(refusal.CartId!, refusal.Status!.Value, refusal.Sku),
        CartRefusalKind.IdempotencyKeyReused => IdempotencyKeyReused(),
        CartRefusalKind.UnknownStrategy => StockProblems.ValidationFailed(RequestInput.StrategyHeader,
            $"'{refusal.Strategy}' is not a strategy of any engine in this cart; use one of: {string.Join(", ", refusal.KnownStrategies ?? [])}."),
        _ => throw new InvalidOperationException($"No problem maps {refusal.Kind}."),
    };
}
