namespace Orleans.Stock.Events.Feed;

/// <summary>How many events one read of the feed may return.</summary>
public static class FeedLimits
{
    public const int Default = 500;
    public const int Max = 1_000;
}
