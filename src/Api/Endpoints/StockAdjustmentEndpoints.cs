using Microsoft.AspNetCore.Mvc;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Api.Access;
using Orleans.Stock.Api.Contracts;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.Validation;
using Orleans.Stock.Engines;

namespace Orleans.Stock.Api.Endpoints;

/// <summary>
/// <c>/api/products/{sku}/adjustments</c> and <c>/stock</c>: an ERP's relative adjustments and a cycle count's
/// absolute sets, each decided inside the owning engine's serialisation of the SKU.
/// </summary>
public static class StockAdjustmentEndpoints
{
    public static IEndpointRouteBuilder MapStockAdjustmentEndpoints(this IEndpointRouteBuilder routes)
    {
        var product = routes.MapGroup("/api/products/{sku}").WithTags("Stock adjustments").RequireAuthorization(AccessScopes.Admin);

        product.MapPost("/adjustments", (string sku, AdjustStockRequest body, [FromHeader(Name = RequestInput.IdempotencyHeader)] string? idempotencyKey,
                ProductEngineResolver resolver, HttpContext http, CancellationToken ct) =>
                AdjustAsync(sku, body.Validate(), () => body.ToAdjustment(http.User.KeyId(), idempotencyKey), idempotencyKey, resolver, ct))
            .Describe("AdjustStock", "Add a delta (not 0) to on hand, with a reason; optional expectedVersion compare-and-set.");

        product.MapPut("/stock", (string sku, SetStockRequest body, [FromHeader(Name = RequestInput.IdempotencyHeader)] string? idempotencyKey,
                ProductEngineResolver resolver, HttpContext http, CancellationToken ct) =>
                AdjustAsync(sku, body.Validate(), () => body.ToAdjustment(http.User.KeyId(), idempotencyKey), idempotencyKey, resolver, ct))
            .Describe("SetStock", "Set on hand (at least reserved), with a reason; optional expectedOnHand compare-and-set.");

        return routes;
    }

    // Both answer alike: the product, or the same refusals.
    private static RouteHandlerBuilder Describe(this RouteHandlerBuilder endpoint, string name, string summary) => endpoint
        .WithName(name)
        .WithSummary(summary)
        .Produces<ProductResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> AdjustAsync(
        string sku, ValidationErrors errors, Func<StockAdjustment> adjustment, string? idempotencyKey, ProductEngineResolver resolver, CancellationToken cancellationToken)
    {
        errors.IdempotencyKey(idempotencyKey);
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var (engine, problem) = await resolver.ResolveRouteAsync(sku, cancellationToken);
        if (engine is null)
        {
            return problem!;
        }

        var reply = await engine.AdjustAsync(sku, adjustment(), cancellationToken);
        return reply.IsSuccess ? TypedResults.Ok(ProductResponse.From(reply.Value!, engine.Name)) : StockProblems.From(reply, sku);
    }
}
