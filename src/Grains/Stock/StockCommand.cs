using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// A request waiting for the write loop; decided against committed state at batch time.
/// <c>Actor</c>: the caller's key id, recorded on the change (null: unknown).
/// </summary>
public abstract record StockCommand
{
    public sealed record Create(string Name, long InitialStock, int? MaxPerUser = null, int? LowStockThreshold = null, string? Actor = null) : StockCommand;

    public sealed record Restock(long Quantity, string? Actor = null) : StockCommand;

    public sealed record Reserve(ReserveRequest Request, long RequestHash) : StockCommand;

    public sealed record Confirm(string ReservationId, string? Owner = null, string? Actor = null) : StockCommand;

    public sealed record Cancel(string ReservationId, string? Owner = null, string? Actor = null) : StockCommand;

    /// <param name="RequestHash"><see cref="StockAdjustment.Fingerprint"/>, computed once by the caller.</param>
    public sealed record Adjust(StockAdjustment Adjustment, long RequestHash) : StockCommand;

    /// <summary>A PATCH: writes the catalog, not the ledger, so the write loop runs it on its own.</summary>
    public sealed record UpdateSettings(ProductSettingsChange Change) : StockCommand;

    public sealed record ExpireDue : StockCommand;
}
