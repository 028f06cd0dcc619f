namespace Orleans.Stock.Events.Feed;

/// <summary>
/// One read of the feed: events in position order, and the cursor to ask from next (the last position
/// returned, or the one asked from when nothing is new), so a consumer that stores it misses nothing.
/// </summary>
public sealed record FeedPage(IReadOnlyList<FeedEvent> Items, string Next);
