using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Stock.Events.Feed;
using Orleans.Stock.Events.Json;

namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>A delivery's body: the event as the feed shows it (camelCase, times as docs/api.md writes them).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(FeedEvent))]
internal sealed partial class WebhookJson : JsonSerializerContext;
