using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Feed;

namespace Orleans.Stock.Webhooks.Subscriptions;

/// <summary>What a subscription's <c>types</c> may hold: known event types, or <c>prefix.*</c> of a known prefix.</summary>
public static class WebhookTypes
{
    public const int MaxEntries = 20;

    /// <summary>The prefixes of the known types: <c>product</c>, <c>stock</c>, <c>reservation</c>.</summary>
    public static readonly IReadOnlyList<string> Prefixes =
        [.. StockEventTypes.All.Select(t => t[..t.IndexOf('.', StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal)];

    public static bool IsValidEntry(string? entry) =>
        entry is not null
        && (StockEventTypes.All.Contains(entry, StringComparer.Ordinal)
            || (entry.EndsWith(EventTypeMatch.Wildcard, StringComparison.Ordinal)
                && Prefixes.Contains(entry[..^EventTypeMatch.Wildcard.Length], StringComparer.Ordinal)));
}
