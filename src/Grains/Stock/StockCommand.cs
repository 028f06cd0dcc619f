using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Grains.Stock;

/// <summary>A request waiting for the write loop; decided against committed state at batch time.</summary>
public abstract record StockCommand
{
    public sealed record Create(string Name, long InitialStock, int? MaxPerUser = null) : StockCommand;

    public sealed record Restock(long Quantity) : StockCommand;

    public sealed record Reserve(ReserveRequest Request, long RequestHash) : StockCommand;

    public sealed record Confirm(string ReservationId, string? Owner = null) : StockCommand;

    public sealed record Cancel(string ReservationId, string? Owner = null) : StockCommand;

    public sealed record ExpireDue : StockCommand;
}
