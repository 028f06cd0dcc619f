namespace Orleans.Stock.Abstractions;

/// <summary>
/// One SKU's stock, owned by a single activation. Inputs are validated by the caller (the API);
/// the grain decides only what depends on its state. <c>actor</c>: the caller's key id, recorded
/// with the change in the product's history (null: unknown).
/// </summary>
[Alias("stock.IStockGrain")]
public interface IStockGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<StockReply<ProductView>> CreateAsync(string name, long initialStock, int? maxPerUser = null, int? lowStockThreshold = null, string? actor = null);

    [Alias("Get")]
    Task<StockReply<ProductView>> GetAsync();

    [Alias("Restock")]
    Task<StockReply<ProductView>> RestockAsync(long quantity, string? actor = null);

    [Alias("Reserve")]
    Task<StockReply<ReservationView>> ReserveAsync(ReserveRequest request);

    // owner: the caller's (null: any); another owner's reservation answers ReservationNotFound.
    [Alias("Confirm")]
    Task<StockReply<ReservationView>> ConfirmAsync(string reservationId, string? owner = null, string? actor = null);

    [Alias("Cancel")]
    Task<StockReply<ReservationView>> CancelAsync(string reservationId, string? owner = null, string? actor = null);

    [Alias("GetReservation")]
    Task<StockReply<ReservationView>> GetReservationAsync(string reservationId, string? owner = null);

    /// <summary>A delta or a set of on hand (docs/api.md, "Stock adjustments"); the product as it is after.</summary>
    [Alias("Adjust")]
    Task<StockReply<ProductView>> AdjustAsync(StockAdjustment adjustment);

    /// <summary>Changes <c>maxPerUser</c> / <c>lowStockThreshold</c>: no counter, no version, no history item.</summary>
    [Alias("UpdateSettings")]
    Task<StockReply<ProductView>> UpdateSettingsAsync(ProductSettingsChange change);

    /// <summary>Releases every pending reservation whose expiry has passed; returns how many.</summary>
    [Alias("ExpireDue")]
    Task<int> ExpireDueAsync();
}
