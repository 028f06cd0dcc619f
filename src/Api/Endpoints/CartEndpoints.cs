using Microsoft.AspNetCore.Mvc;
using Orleans.Stock.Api.Access;
using Orleans.Stock.Api.Contracts;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.Validation;
using Orleans.Stock.Carts;

namespace Orleans.Stock.Api.Endpoints;

/// <summary><c>/api/reservations</c>: carts of several SKUs, reserved, confirmed and cancelled all or nothing.</summary>
public static class CartEndpoints
{
    public static IEndpointRouteBuilder MapCartEndpoints(this IEndpointRouteBuilder routes)
    {
        var carts = routes.MapGroup("/api/reservations").WithTags("Carts")
            .RequireAuthorization(AccessScopes.Client);

        carts.MapPost("", CreateAsync)
            .WithName("ReserveCart")
            .WithSummary("Reserve several SKUs at once, all or nothing; each line is served by its SKU's engine.")
            .WithDescription("A failure names the first failing line in the extension 'sku'. X-Stock-Strategy applies to the lines of the engines that know it.")
            .Produces<CartResponse>(StatusCodes.Status201Created)
            .Produces<CartResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        carts.MapGet("/{cartId}", (string cartId, CartCoordinator coordinator, HttpContext http, CancellationToken ct) =>
                WithCartIdAsync(cartId, () => coordinator.ReadAsync(cartId, owner: http.User.OwnerFilter(), ct)))
            .WithName("GetCart")
            .WithSummary("Read a cart and the live status of each of its lines.")
            .Produces<CartResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        carts.MapPost("/{cartId}/confirm", (string cartId, CartCoordinator coordinator, HttpContext http, CancellationToken ct) =>
                WithCartIdAsync(cartId, () => coordinator.CompleteAsync(cartId, CartStatus.Confirmed, owner: http.User.OwnerFilter(), ct)))
            .WithName("ConfirmCart")
            .WithSummary("Confirm every line of a pending cart: its units are sold.")
            .Produces<CartResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        carts.MapPost("/{cartId}/cancel", (string cartId, CartCoordinator coordinator, HttpContext http, CancellationToken ct) =>
                WithCartIdAsync(cartId, () => coordinator.CompleteAsync(cartId, CartStatus.Cancelled, owner: http.User.OwnerFilter(), ct)))
            .WithName("CancelCart")
            .WithSummary("Cancel every line of a pending cart: its units are available again.")
            .Produces<CartResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return routes;
    }

    private static async Task<IResult> CreateAsync(
        CreateCartRequest body,
        [FromHeader(Name = RequestInput.IdempotencyHeader)] string? idempotencyKey,
        [FromHeader(Name = RequestInput.StrategyHeader)] string? strategy,
        CartCoordinator coordinator,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = body.Validate().IdempotencyKey(idempotencyKey);
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var order = new CartOrder(body.UserId!, body.EffectiveTtlSeconds, [.. body.Lines!.Select(l => new CartOrderLine(l!.Sku!, l.Quantity!.Value))]);
        // The cart belongs to the key that made it, and so do its lines and its Idempotency-Key.
        return ToResult(await coordinator.CreateAsync(order, idempotencyKey, strategy, owner: http.User.KeyId(), cancellationToken));
    }

    private static async Task<IResult> WithCartIdAsync(string cartId, Func<Task<CartOutcome>> action)
    {
        var errors = new ValidationErrors().RouteId("cartId", cartId);
        return errors.IsEmpty ? ToResult(await action()) : StockProblems.ValidationFailed(errors);
    }

    private static IResult ToResult(CartOutcome outcome) => outcome switch
    {
        { Cart: { } cart, IsCreated: true } => TypedResults.Created($"/api/reservations/{cart.CartId}", cart),
        { Cart: { } cart } => TypedResults.Ok(cart),
        _ => CartProblems.From(outcome.Refusal!),
    };
}
