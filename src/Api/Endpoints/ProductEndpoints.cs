using Orleans.Stock.Api.Access;
using Orleans.Stock.Api.Contracts;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.Validation;
using Orleans.Stock.Engines;

namespace Orleans.Stock.Api.Endpoints;

/// <summary><c>/api/products</c>: create, list, read, change settings and restock.</summary>
public static class ProductEndpoints
{
    public static IEndpointRouteBuilder MapProductEndpoints(this IEndpointRouteBuilder routes)
    {
        var products = routes.MapGroup("/api/products").WithTags("Products");

        products.MapPost("", CreateAsync)
            .RequireAuthorization(AccessScopes.Admin)
            .WithName("CreateProduct")
            .WithSummary("Create a product with its initial stock, owned by one engine.")
            .Produces<ProductResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        products.MapGet("", ListAsync)
            .RequireAuthorization(AccessScopes.Client)
            .WithName("ListProducts")
            .WithSummary("List products of every engine in SKU order, a page at a time.")
            .Produces<ProductPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        products.MapPatch("/{sku}", UpdateAsync)
            .RequireAuthorization(AccessScopes.Admin)
            .WithName("UpdateProduct")
            .WithSummary("Change maxPerUser and lowStockThreshold (null clears); no counter or version changes.")
            .Produces<ProductResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        products.MapGet("/{sku}", GetAsync)
            .RequireAuthorization(AccessScopes.Client)
            .WithName("GetProduct")
            .WithSummary("Read a product's counters.")
            .Produces<ProductResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        products.MapPost("/{sku}/restock", RestockAsync)
            .RequireAuthorization(AccessScopes.Admin)
            .WithName("RestockProduct")
            .WithSummary("Add units to a product's stock.")
            .Produces<ProductResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    private static async Task<IResult> CreateAsync(
        CreateProductRequest body, StockEngines engines, EngineRollout rollout, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = body.Validate(engines.Names);
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var engine = engines[body.Engine ?? rollout.EngineFor(body.Sku!)];
        var reply = await engine.CreateAsync(body.Sku!, body.ToNewProduct(http.User.KeyId()), cancellationToken);
        return reply.IsSuccess
            ? TypedResults.Created($"/api/products/{body.Sku}", ProductResponse.From(reply.Value!, engine.Name))
            : StockProblems.From(reply, body.Sku!);
    }

    private static async Task<IResult> ListAsync(int? limit, string? after, ProductListing listing, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Range("limit", limit, 1, InputRules.MaxPageSize);
        if (after is not null)
        {
            errors.Sku("after", after);
        }

        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var page = await listing.ListAsync(after, limit ?? InputRules.DefaultPageSize, cancellationToken);
        return page is null
            ? StockProblems.Unavailable("A product's engine did not answer; retry shortly.")
            : TypedResults.Ok(new ProductPage([.. page.Items.Select(i => ProductResponse.From(i.Product, i.Engine))], page.Next));
    }

    private static async Task<IResult> UpdateAsync(string sku, UpdateProductRequest body, ProductEngineResolver resolver, CancellationToken cancellationToken)
    {
        var errors = body.Validate(out var change);
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var (engine, problem) = await resolver.ResolveRouteAsync(sku, cancellationToken);
        if (engine is null)
        {
            return problem!;
        }

        var reply = await engine.UpdateSettingsAsync(sku, change, cancellationToken);
        return reply.IsSuccess ? TypedResults.Ok(ProductResponse.From(reply.Value!, engine.Name)) : StockProblems.From(reply, sku);
    }

    private static async Task<IResult> GetAsync(string sku, ProductEngineResolver resolver, CancellationToken cancellationToken)
    {
        var (engine, problem) = await resolver.ResolveRouteAsync(sku, cancellationToken);
        if (engine is null)
        {
            return problem!;
        }

        var reply = await engine.GetAsync(sku, cancellationToken);
        return reply.IsSuccess ? TypedResults.Ok(ProductResponse.From(reply.Value!, engine.Name)) : StockProblems.From(reply, sku);
    }

    private static async Task<IResult> RestockAsync(string sku, RestockRequest body, ProductEngineResolver resolver, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = body.Validate();
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var (engine, problem) = await resolver.ResolveRouteAsync(sku, cancellationToken);
        if (engine is null)
        {
            return problem!;
        }

        var reply = await engine.RestockAsync(sku, body.Quantity!.Value, http.User.KeyId(), cancellationToken);
        return reply.IsSuccess ? TypedResults.Ok(ProductResponse.From(reply.Value!, engine.Name)) : StockProblems.From(reply, sku);
    }
}
