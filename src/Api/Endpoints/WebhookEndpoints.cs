using Orleans.Stock.Api.Access;
using Orleans.Stock.Api.Contracts;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.Validation;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Api.Endpoints;

/// <summary><c>/api/webhooks</c>: subscribe a URL to events, list the subscriptions and their delivery, delete one (admin).</summary>
public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var webhooks = routes.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(AccessScopes.Admin);

        webhooks.MapPost("", CreateAsync)
            .WithName("CreateWebhook")
            .WithSummary("Subscribe a URL to events; the signing secret is in this answer only.")
            .Produces<WebhookCreatedResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        webhooks.MapGet("", async (WebhookStore store, CancellationToken ct) =>
                TypedResults.Ok(new WebhookList([.. (await store.ListAsync(ct)).Select(WebhookResponse.From)])))
            .WithName("ListWebhooks")
            .WithSummary("List the webhooks and how their delivery stands, without secrets.");

        webhooks.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteWebhook")
            .WithSummary("Delete a webhook: its delivery stops.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    private static async Task<IResult> CreateAsync(CreateWebhookRequest body, WebhookStore store, CancellationToken cancellationToken)
    {
        var errors = body.Validate();
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var (webhook, secret) = await store.CreateAsync(body.Url!, [.. body.Types!.Select(t => t!)], cancellationToken);
        return TypedResults.Created($"/api/webhooks/{webhook.Id}", new WebhookCreatedResponse(webhook.Id, webhook.Url, webhook.Types, secret));
    }

    private static async Task<IResult> DeleteAsync(string id, WebhookStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().RouteId("id", id);
        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        return await store.DeleteAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : StockProblems.Problem(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Webhook not found", $"No webhook has id '{id}'.");
    }
}
