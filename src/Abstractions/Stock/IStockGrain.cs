namespace Orleans.Stock.Abstractions;

/// <summary>
/// One SKU's stock, owned by a single activation. Inputs are validated by the caller (the API);
/// the grain decides only what depends on its state.
/// </summary>
[Alias("stock.IStockGrain")]
public interface IStockGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<StockReply<ProductView>> CreateAsync(string name, long initialStock, int? maxPerUser = null);

    [Alias("Get")]
    Task<StockReply<ProductView>> GetAsync();

    [Alias("Restock")]
    Task<StockReply<ProductView>> RestockAsync(long quantity);

    [Alias("Reserve")]
    Task<StockReply<ReservationView>> ReserveAsync(ReserveRequest request);

    // owner: the caller's (null: any); another owner's reservation answers ReservationNotFound.
    [Alias("Confirm")]
    Task<StockReply<ReservationView>> ConfirmAsync(string reservationId, string? owner = null);

    [Alias("Cancel")]
    Task<StockReply<ReservationView>> CancelAsync(string reservationId, string? owner = null);

    [Alias("GetReservation")]
    Task<StockReply<ReservationView>> GetReservationAsync(string reservationId, string? owner = null);

    /// <summary>Releases every pending reservation whose expiry has passed; returns how many.</summary>
    [Alias("ExpireDue")]
    Task<int> ExpireDueAsync();
}
