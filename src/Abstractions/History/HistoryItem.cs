namespace Orleans.Stock.Abstractions;

/// <summary>
/// One durable change of a product (docs/api.md, "History"), the same shape on every engine.
/// <see cref="Quantity"/> is signed only for <see cref="HistoryKinds.Adjusted"/> (the delta made).
/// </summary>
/// <param name="Actor">The caller's key id; null for <see cref="HistoryKinds.Expired"/> and changes made before keys existed.</param>
[GenerateSerializer, Immutable, Alias("stock.HistoryItem")]
public sealed record HistoryItem(
    [property: Id(0)] long Version,
    [property: Id(1)] string Kind,
    [property: Id(2)] long Quantity,
    [property: Id(3)] string? ReservationId,
    [property: Id(4)] string? UserId,
    [property: Id(5)] string? Reason,
    [property: Id(6)] string? Actor,
    [property: Id(7)] DateTime OccurredAt);
