using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Api.Access;
using Orleans.Stock.Api.Contracts;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.Validation;
using Orleans.Stock.Dashboard;
using Orleans.Stock.Engines;

namespace Orleans.Stock.Api.Endpoints;

/// <summary><c>/api/products/{sku}/reservations</c>: reserve, read, confirm and cancel.</summary>
public static class ReservationEndpoints
{
    private delegate Task<StockReply<ReservationView>> ReservationAction(IStockEngine engine, string sku, string reservationId, string? owner, CancellationToken cancellationToken);

    public static IEndpointRouteBuilder MapReservationEndpoints(this IEndpointRouteBuilder routes)
    {
        var reservations = routes.MapGroup("/api/products/{sku}/reservations").WithTags("Reservations")
            .RequireAuthorization(AccessScopes.Client);

        reservations.MapPost("", ReserveAsync)
            .WithName("Reserve")
            .WithSummary("Reserve units of a product; durable before it answers.")
            .Produces<ReservationResponse>(StatusCodes.Status201Created)
            .Produces<ReservationResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        reservations.MapGet("/{reservationId}", (string sku, string reservationId, ProductEngineResolver resolver, HttpContext http, CancellationToken ct) =>
                ActAsync(sku, reservationId, resolver, http.User.OwnerFilter(), static (e, s, id, o, c) => e.GetReservationAsync(s, id, o, c), ct))
            .WithName("GetReservation")
            .WithSummary("Read a reservation.")
            .Produces<ReservationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        reservations.MapPost("/{reservationId}/confirm", (string sku, string reservationId, ProductEngineResolver resolver, HttpContext http, CancellationToken ct) =>
                ActAsync(sku, reservationId, resolver, http.User.OwnerFilter(), (e, s, id, o, c) => e.ConfirmAsync(s, id, o, http.User.KeyId(), c), ct))
            .WithName("ConfirmReservation")
            .WithSummary("Confirm a pending reservation: its units are sold.")
            .Produces<ReservationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        reservations.MapPost("/{reservationId}/cancel", (string sku, string reservationId, ProductEngineResolver resolver, HttpContext http, CancellationToken ct) =>
                ActAsync(sku, reservationId, resolver, http.User.OwnerFilter(), (e, s, id, o, c) => e.CancelAsync(s, id, o, http.User.KeyId(), c), ct))
            .WithName("CancelReservation")
            .WithSummary("Cancel a pending reservation: its units are available again.")
            .Produces<ReservationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return routes;
    }

    private static async Task<IResult> ReserveAsync(
        string sku,
        CreateReservationRequest body,
        [FromHeader(Name = RequestInput.IdempotencyHeader)] string? idempotencyKey,
        [FromHeader(Name = RequestInput.StrategyHeader)] string? strategy,
        ProductEngineResolver resolver,
        ReservationMetrics metrics,
        SkuActivity activity,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var errors = body.Validate().IdempotencyKey(idempotencyKey);
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var (engine, problem) = await resolver.ResolveRouteAsync(sku, cancellationToken);
        if (engine is null)
        {
            return problem!;
        }

        activity.Record(sku, engine.Name);
        if (strategy is not null && !engine.Strategies.Contains(strategy))
        {
            return StockProblems.ValidationFailed(
                RequestInput.StrategyHeader, $"'{strategy}' is not a strategy of the '{engine.Name}' engine; use one of: {string.Join(", ", engine.Strategies)}.");
        }

        // The reservation belongs to the key that made it; its Idempotency-Key is that key's.
        var request = new ReserveRequest(body.Quantity!.Value, body.UserId!, body.TtlSeconds ?? InputRules.DefaultTtlSeconds, idempotencyKey, Owner: http.User.KeyId());
        var reply = await engine.ReserveAsync(sku, request, strategy, cancellationToken);
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        metrics.Reserved(engine.Name, reply.Strategy, reply.Error == StockError.None ? "reserved" : reply.Error.ToString(), reply.Attempts, elapsedMs);
        if (!reply.IsSuccess)
        {
            return StockProblems.From(reply, sku);
        }

        http.Response.Headers[RequestInput.StrategyHeader] = reply.Strategy;
        var response = ReservationResponse.From(reply.Value!, engine.Name, reply.Strategy, reply.Attempts, elapsedMs);
        return reply.Replayed
            ? TypedResults.Ok(response)
            : TypedResults.Created($"/api/products/{sku}/reservations/{response.ReservationId}", response);
    }

    /// <param name="owner">Whose reservations the caller may act on: null for an admin (anyone's).</param>
    private static async Task<IResult> ActAsync(
        string sku, string reservationId, ProductEngineResolver resolver, string? owner, ReservationAction action, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().RouteId("reservationId", reservationId);
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var (engine, problem) = await resolver.ResolveRouteAsync(sku, cancellationToken);
        if (engine is null)
        {
            return problem!;
        }

        var reply = await action(engine, sku, reservationId, owner, cancellationToken);
        return reply.IsSuccess
            ? TypedResults.Ok(ReservationResponse.From(reply.Value!, engine.Name))
            : StockProblems.From(reply, sku, reservationId);
    }
}
