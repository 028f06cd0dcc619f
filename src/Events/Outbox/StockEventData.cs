using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Json;

namespace Orleans.Stock.Events.Outbox;

/// <summary>An event's <c>data</c> (docs/api.md): the history item, plus the counters just after the change.</summary>
public sealed record StockEventData(
    long Version,
    string Kind,
    long Quantity,
    string? ReservationId,
    string? UserId,
    string? Reason,
    string? Actor,
    DateTime OccurredAt,
    long Available,
    long Reserved,
    long Sold,
    long OnHand)
{
    public static string Json(HistoryItem change, ProductView after) => JsonSerializer.Serialize(
        new StockEventData(
            change.Version, change.Kind, change.Quantity, change.ReservationId, change.UserId, change.Reason, change.Actor,
            change.OccurredAt, after.Available, after.Reserved, after.Sold, after.OnHand),
        StockEventJson.Default.StockEventData);
}

/// <summary>Source-generated JSON for events: camelCase, nulls written, times as docs/api.md shows them.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(StockEventData))]
internal sealed partial class StockEventJson : JsonSerializerContext;
