using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Problems;

/// <summary>Builds the problem answers of docs/api.md's error table.</summary>
public static class StockProblems
{
    public static IResult ValidationFailed(ValidationErrors errors) =>
        TypedResults.ValidationProblem(
            errors.ToDictionary(),
            detail: "The request is not valid; see 'errors'.",
            title: "Validation failed",
            extensions: new Dictionary<string, object?> { ["code"] = ProblemCodes.ValidationFailed });

    public static IResult ValidationFailed(string field, string message) => ValidationFailed(new ValidationErrors().Add(field, message));

    public static IResult ProductNotFound(string sku) =>
        Problem(StatusCodes.Status404NotFound, ProblemCodes.ProductNotFound, "Product not found", $"No product has SKU '{sku}'.");

    public static IResult ProductExists(string sku) =>
        Problem(StatusCodes.Status409Conflict, ProblemCodes.ProductExists, "Product exists", $"A product with SKU '{sku}' already exists.");

    public static IResult Unavailable(string detail = "Storage or cluster is unreachable; retry shortly.") =>
        Problem(StatusCodes.Status503ServiceUnavailable, ProblemCodes.Unavailable, "Service unavailable", detail);

    /// <summary>The problem for a refused grain reply.</summary>
    public static IResult From<T>(StockReply<T> reply, string sku, string? reservationId = null) => reply.Error switch
    {
        StockError.ProductNotFound => ProductNotFound(sku),
        StockError.ProductExists => ProductExists(sku),
        StockError.ReservationNotFound => Problem(
            StatusCodes.Status404NotFound, ProblemCodes.ReservationNotFound, "Reservation not found",
            $"Product '{sku}' has no reservation '{reservationId}'."),
        StockError.InsufficientStock => Problem(
            StatusCodes.Status409Conflict, ProblemCodes.InsufficientStock, "Insufficient stock",
            $"Only {reply.Available} unit(s) of '{sku}' are available.",
            new() { ["available"] = reply.Available }),
        StockError.ReservationNotPending => Problem(
            StatusCodes.Status409Conflict, ProblemCodes.ReservationNotPending, "Reservation not pending",
            $"Reservation '{reservationId}' is {StatusName(reply.Status)}.",
            new() { ["reservationStatus"] = StatusName(reply.Status) }),
        StockError.IdempotencyKeyReused => Problem(
            StatusCodes.Status422UnprocessableEntity, ProblemCodes.IdempotencyKeyReused, "Idempotency key reused",
            "This Idempotency-Key was used with a different request body."),
        StockError.LimitExceeded => Problem(
            StatusCodes.Status409Conflict, ProblemCodes.LimitExceeded, "Limit exceeded",
            $"A user may hold at most {reply.MaxPerUser} unit(s) of '{sku}' and holds {reply.Held}.",
            new() { ["maxPerUser"] = reply.MaxPerUser, ["held"] = reply.Held }),
        StockError.VersionMismatch => Problem(
            StatusCodes.Status409Conflict, ProblemCodes.VersionMismatch, "Version mismatch",
            $"Product '{sku}' is at version {reply.Version} with {reply.OnHand} on hand; nothing was changed.",
            new() { ["version"] = reply.Version, ["onHand"] = reply.OnHand }),
        StockError.Unavailable => Unavailable(),
        StockError.InvalidInput => ValidationFailed("$", "A text value holds a control character or an unpaired surrogate, which storage cannot hold; nothing was changed."),
        _ => throw new InvalidOperationException($"No problem maps {reply.Error}."),
    };

    private static string StatusName(ReservationStatus? status) => status?.ToString().ToLowerInvariant() ?? "unknown";

    /// <summary>A problem body with the stable <c>code</c> extension beside any others.</summary>
    internal static ProblemHttpResult Problem(int status, string code, string title, string detail, Dictionary<string, object?>? extensions = null)
    {
        extensions ??= [];
        extensions["code"] = code;
        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);
    }
}
