using Microsoft.Extensions.Options;
using Orleans.Stock.Api.Access;
using Orleans.Stock.Api.Contracts;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.Validation;

namespace Orleans.Stock.Api.Endpoints;

/// <summary><c>/api/keys</c>: create, list and revoke API keys (admin).</summary>
public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization(AccessScopes.Admin);

        keys.MapPost("", CreateAsync)
            .WithName("CreateKey")
            .WithSummary("Create a key; its secret is in this answer only.")
            .Produces<KeyResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        keys.MapGet("", async (ApiKeyStore store, IOptionsMonitor<AccessOptions> options, CancellationToken ct) =>
                TypedResults.Ok(new KeyList([.. (await store.ListAsync(ct)).Select(k => KeyResponse.From(k, options.CurrentValue.DefaultRequestsPerSecond))])))
            .WithName("ListKeys")
            .WithSummary("List the stored keys, without secrets (the bootstrap keys of configuration are not listed).");

        keys.MapDelete("/{id}", RevokeAsync)
            .WithName("RevokeKey")
            .WithSummary("Revoke a key: every API instance refuses it within 5 s.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    private static async Task<IResult> CreateAsync(
        CreateKeyRequest body, ApiKeyStore store, IOptionsMonitor<AccessOptions> options, CancellationToken cancellationToken)
    {
        var errors = body.Validate();
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var secret = ApiKeySecret.New();
        var key = await store.CreateAsync(body.Name!, body.Scope!, body.RequestsPerSecond, secret, cancellationToken);
        return TypedResults.Created($"/api/keys/{key.Id}", KeyResponse.From(key, options.CurrentValue.DefaultRequestsPerSecond, secret));
    }

    private static async Task<IResult> RevokeAsync(string id, ApiKeyStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().RouteId("id", id);
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        return await store.RevokeAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : StockProblems.Problem(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Key not found", $"No key has id '{id}'.");
    }
}
