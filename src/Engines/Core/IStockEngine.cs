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

    /// <param name="maxPerUser">Units one user may hold (pending plus confirmed); null: no limit.</param>
    Task<StockReply<ProductView>> CreateAsync(string sku, string name, long initialStock, int? maxPerUser, CancellationToken cancellationToken);

    Task<StockReply<ProductView>> GetAsync(string sku, CancellationToken cancellationToken);

    Task<StockReply<ProductView>> RestockAsync(string sku, long quantity, CancellationToken cancellationToken);

    /// <param name="strategy">The requested strategy, already checked against <see cref="Strategies"/>; null lets the engine choose.</param>
    Task<StockReply<ReservationView>> ReserveAsync(string sku, ReserveRequest request, string? strategy, CancellationToken cancellationToken);

    /// <param name="owner">The caller's owner; null: any. A reservation of another owner (or of none) answers
    /// <see cref="StockError.ReservationNotFound"/>, exactly as an unknown id does.</param>
    Task<StockReply<ReservationView>> ConfirmAsync(string sku, string reservationId, string? owner, CancellationToken cancellationToken);

    Task<StockReply<ReservationView>> CancelAsync(string sku, string reservationId, string? owner, CancellationToken cancellationToken);

    Task<StockReply<ReservationView>> GetReservationAsync(string sku, string reservationId, string? owner, CancellationToken cancellationToken);
}
