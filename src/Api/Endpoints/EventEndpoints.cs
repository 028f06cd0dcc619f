using Orleans.Stock.Api.Access;
using Orleans.Stock.Api.Contracts;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.Validation;
using Orleans.Stock.Events.Feed;

namespace Orleans.Stock.Api.Endpoints;

/// <summary><c>/api/events</c>: the feed of every committed change, in commit order (admin).</summary>
public static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/events", ReadAsync)
            .WithTags("Events")
            .RequireAuthorization(AccessScopes.Admin)
            .WithName("ReadEvents")
            .WithSummary("Read events after a cursor; store 'next' and ask again to miss nothing.")
            .WithDescription($"'after': a cursor from an earlier answer's 'next' (absent: from the oldest event kept). 'limit': 1-{FeedLimits.Max}, default {FeedLimits.Default}.")
            .Produces<EventPage>()
            .ProducesValidationProblem();
        return routes;
    }

    private static async Task<IResult> ReadAsync(string? after, string? limit, EventFeedReader feed, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var position = 0L;
        if (after is not null && !FeedCursor.TryParse(after, out position))
        {
            errors.Add("after", "'after' must be a cursor this API returned as 'next'.");
        }

        var count = FeedLimits.Default;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count < 1 || count > FeedLimits.Max))
        {
            errors.Add("limit", $"'limit' must be an integer between 1 and {FeedLimits.Max}.");
        }

        return errors.IsEmpty
            ? TypedResults.Ok(EventPage.From(await feed.ReadAsync(position, count, cancellationToken)))
            : StockProblems.ValidationFailed(errors);
    }
}
