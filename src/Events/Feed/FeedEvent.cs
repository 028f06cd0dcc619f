using System.Text.Json;

namespace Orleans.Stock.Events.Feed;

/// <summary>
/// An event as the feed and the webhooks show it (docs/api.md, "Events and webhooks"). <see cref="Id"/> is
/// stable: the outbox row's id, so a consumer can drop a delivery it has already seen.
/// </summary>
public sealed record FeedEvent(
    string Id,
    string Type,
    string Sku,
    long Version,
    DateTime OccurredAt,
    JsonElement Data)
{
    public const string IdPrefix = "evt_";

    public static string IdOf(long rowId) => IdPrefix + rowId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
