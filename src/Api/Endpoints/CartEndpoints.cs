using Microsoft.AspNetCore.Mvc;
using Orleans.Stock.Api.Carts;

namespace Orleans.Stock.Api.Endpoints;

/// <summary><c>/api/reservations</c>: carts of several SKUs, reserved, confirmed and cancelled all or nothing.</summary>
public static class CartEndpoints
{
    public static IEndpointRouteBuilder MapCartEndpoints(this IEndpointRouteBuilder routes)
    {
        var carts = routes.MapGroup("/api/reservations").WithTags("Carts");

        carts.MapPost("", (
                CreateCartRequest body,
                [FromHeader(Name = ReservationEndpoints.IdempotencyHeader)] string? idempotencyKey,
                [FromHeader(Name = ReservationEndpoints.StrategyHeader)] string? strategy,
                CartCoordinator coordinator,
                CancellationToken ct) => coordinator.CreateAsync(body, idempotencyKey, strategy, ct))
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

        carts.MapGet("/{cartId}", (string cartId, CartCoordinator coordinator, CancellationToken ct) => coordinator.ReadAsync(cartId, ct))
            .WithName("GetCart")
            .WithSummary("Read a cart and the live status of each of its lines.")
            .Produces<CartResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        carts.MapPost("/{cartId}/confirm", (string cartId, CartCoordinator coordinator, CancellationToken ct) =>
                coordinator.CompleteAsync(cartId, CartStatus.Confirmed, ct))
            .WithName("ConfirmCart")
            .WithSummary("Confirm every line of a pending cart: its units are sold.")
            .Produces<CartResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        carts.MapPost("/{cartId}/cancel", (string cartId, CartCoordinator coordinator, CancellationToken ct) =>
                coordinator.CompleteAsync(cartId, CartStatus.Cancelled, ct))
            .WithName("CancelCart")
            .WithSummary("Cancel every line of a pending cart: its units are available again.")
            .Produces<CartResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return routes;
    }
}
