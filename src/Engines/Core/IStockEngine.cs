using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines;

/// <summary>
/// One way of keeping a SKU's stock behind the HTTP contract. A product's engine is fixed in the
/// catalog when it is created, so exactly one engine ever takes stock for a SKU.
/// </summary>
public interface IStockEngine
{
    /// <summary>The catalog's name for this engine (<c>grain</c>, <c>sql</c>, ...).</summary>
    string Name { get; }

    /// <summary>Values of <c>X-Stock-Strategy</c> this engine accepts.</summary>
    IReadOnlyCollection<string> Strategies { get; }

    Task<StockReply<ProductView>> CreateAsync(string sku, NewProduct product, CancellationToken cancellationToken);

    Task<StockReply<ProductView>> GetAsync(string sku, CancellationToken cancellationToken);

    /// <param name="actor">The caller's key id, recorded in the history; null: unknown.</param>
    Task<StockReply<ProductView>> RestockAsync(string sku, long quantity, string? actor, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a delta to on hand, or sets it, inside the engine's own serialisation of the SKU; never touches
    /// pending reservations. Refusals: <see cref="StockError.VersionMismatch"/> (with <c>Version</c> and
    /// <c>OnHand</c>), <see cref="StockError.InsufficientStock"/> (a delta larger than available, a set below
    /// reserved), <see cref="StockError.IdempotencyKeyReused"/>. A replay of its key answers the product as it is now.
    /// </summary>
    Task<StockReply<ProductView>> AdjustAsync(string sku, StockAdjustment adjustment, CancellationToken cancellationToken);

    /// <summary>Changes <c>maxPerUser</c> / <c>lowStockThreshold</c>: no counter, no version, no history item.</summary>
    Task<StockReply<ProductView>> UpdateSettingsAsync(string sku, ProductSettingsChange change, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> durable changes with a version above <paramref name="afterVersion"/>, in version order.</summary>
    Task<StockReply<HistoryPage>> GetHistoryAsync(string sku, long afterVersion, int limit, CancellationToken cancellationToken);

    /// <param name="strategy">The requested strategy, already checked against <see cref="Strategies"/>; null lets the engine choose.</param>
    Task<StockReply<ReservationView>> ReserveAsync(string sku, ReserveRequest request, string? strategy, CancellationToken cancellationToken);

    /// <param name="owner">The caller's owner; null: any. A reservation of another owner (or of none) answers
    /// <see cref="StockError.ReservationNotFound"/>, exactly as an unknown id does.</param>
    /// <param name="actor">The caller's key id, recorded in the history (an admin acting on anyone's reservation is not its owner).</param>
    Task<StockReply<ReservationView>> ConfirmAsync(string sku, string reservationId, string? owner, string? actor, CancellationToken cancellationToken);

    Task<StockReply<ReservationView>> CancelAsync(string sku, string reservationId, string? owner, string? actor, CancellationToken cancellationToken);

    Task<StockReply<ReservationView>> GetReservationAsync(string sku, string reservationId, string? owner, CancellationToken cancellationToken);
}
