using Orleans.Stock.Abstractions;
using Orleans.Stock.Api.Access;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.Validation;
using Orleans.Stock.Engines;

namespace Orleans.Stock.Api.Endpoints;

/// <summary><c>/api/products/{sku}/history</c>: every durable change of a product, in version order, the same on every engine.</summary>
public static class HistoryEndpoints
{
    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/products/{sku}/history", GetAsync)
            .RequireAuthorization(AccessScopes.Admin)
            .WithTags("History")
            .WithName("GetProductHistory")
            .WithSummary("A page of a product's history after a version; next is the afterVersion of the next page.")
            .Produces<HistoryPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<IResult> GetAsync(string sku, long? afterVersion, int? limit, ProductEngineResolver resolver, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .Range("afterVersion", afterVersion, 0, long.MaxValue)
            .Range("limit", limit, 1, InputRules.MaxPageSize);
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var (engine, problem) = await resolver.ResolveRouteAsync(sku, cancellationToken);
        if (engine is null)
        {
            return problem!;
        }

        var reply = await engine.GetHistoryAsync(sku, afterVersion ?? 0, limit ?? InputRules.DefaultPageSize, cancellationToken);
        return reply.IsSuccess ? TypedResults.Ok(reply.Value!) : StockProblems.From(reply, sku);
    }
}
