using Orleans.Stock.Events.Feed;

namespace Orleans.Stock.Api.Contracts;

/// <summary>
/// Body of <c>GET /api/events</c>: events in commit order (per SKU, version order), and <see cref="Next"/>,
/// the cursor to ask from next time (the one given, when nothing is new).
/// </summary>
public sealed record EventPage(IReadOnlyList<FeedEvent> Items, string Next)
{
    public static EventPage From(FeedPage page) => new(page.Items, page.Next);
}
