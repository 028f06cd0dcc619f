namespace Orleans.Stock.Grains.Ledger;

/// <summary>
/// One row of a SKU's append-only ledger. <see cref="Version"/> is the SKU's version after this
/// event; the primary key (sku, version) is what makes a stale writer collide instead of overwrite.
/// </summary>
[GenerateSerializer, Immutable, Alias("stock.LedgerEvent")]
public sealed record LedgerEvent
{
    [Id(0)] public required long Version { get; init; }
    [Id(1)] public required LedgerEventKind Kind { get; init; }
    /// <summary>Units; signed on <see cref="LedgerEventKind.Adjusted"/> only (the delta made).</summary>
    [Id(2)] public required long Quantity { get; init; }
    [Id(3)] public required DateTime OccurredAt { get; init; }
    [Id(4)] public string? ReservationId { get; init; }
    [Id(5)] public string? UserId { get; init; }
    /// <summary>The product name, on <see cref="LedgerEventKind.Created"/> only.</summary>
    [Id(6)] public string? Name { get; init; }
    [Id(7)] public string? IdempotencyKey { get; init; }
    [Id(8)] public long? RequestHash { get; init; }
    [Id(9)] public DateTime? ExpiresAt { get; init; }
    /// <summary>The product's per-user limit, on <see cref="LedgerEventKind.Created"/> only (null: none).</summary>
    [Id(10)] public int? MaxPerUser { get; init; }
    /// <summary>Who made the reservation, on <see cref="LedgerEventKind.Reserved"/> only (null: unknown).</summary>
    [Id(11)] public string? Owner { get; init; }
    /// <summary>The caller's key id, on every kind but <see cref="LedgerEventKind.Reserved"/> (see <see cref="Owner"/>) and <see cref="LedgerEventKind.Expired"/>.</summary>
    [Id(12)] public string? Actor { get; init; }
    /// <summary>Why, on <see cref="LedgerEventKind.Adjusted"/> only.</summary>
    [Id(13)] public string? Reason { get; init; }
    /// <summary>
    /// The product's low-stock threshold, on <see cref="LedgerEventKind.Created"/> only: written to the catalog
    /// row (where the grain engine keeps settings), not to the ledger.
    /// </summary>
    [Id(14)] public int? LowStockThreshold { get; init; }
}
