namespace Orleans.Stock.Events.Feed;

/// <summary>A feed event with its position, for readers that keep their own cursor (the webhook dispatcher).</summary>
public sealed record StampedEvent(long Position, FeedEvent Event);
