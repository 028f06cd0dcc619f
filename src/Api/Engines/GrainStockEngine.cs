using Orleans.Stock.Grains.Contracts;

namespace Orleans.Stock.Api.Engines;

/// <summary>The grain engine: every call goes to the SKU's <see cref="IStockGrain"/> through the silo gateways.</summary>
public sealed class GrainStockEngine(IClusterClient client) : IStockEngine
{
    public const string EngineName = "grain";

    public string Name => EngineName;

    public IReadOnlyCollection<string> Strategies { get; } = [EngineName];

    public Task<StockReply<ProductView>> CreateAsync(string sku, string name, long initialStock, CancellationToken cancellationToken) =>
        Grain(sku).CreateAsync(name, initialStock).WaitAsync(cancellationToken);

    public Task<StockReply<ProductView>> GetAsync(string sku, CancellationToken cancellationToken) =>
        Grain(sku).GetAsync().WaitAsync(cancellationToken);

    public Task<StockReply<ProductView>> RestockAsync(string sku, long quantity, CancellationToken cancellationToken) =>
        Grain(sku).RestockAsync(quantity).WaitAsync(cancellationToken);

    public async Task<StockReply<ReservationView>> ReserveAsync(string sku, ReserveRequest request, string? strategy, CancellationToken cancellationToken) =>
        await Grain(sku).ReserveAsync(request).WaitAsync(cancellationToken) with { Strategy = EngineName };

    public Task<StockReply<ReservationView>> ConfirmAsync(string sku, string reservationId, CancellationToken cancellationToken) =>
        Grain(sku).ConfirmAsync(reservationId).WaitAsync(cancellationToken);

    public Task<StockReply<ReservationView>> CancelAsync(string sku, string reservationId, CancellationToken cancellationToken) =>
        Grain(sku).CancelAsync(reservationId).WaitAsync(cancellationToken);

    public Task<StockReply<ReservationView>> GetReservationAsync(string sku, string reservationId, CancellationToken cancellationToken) =>
        Grain(sku).GetReservationAsync(reservationId).WaitAsync(cancellationToken);

    private IStockGrain Grain(string sku) => client.GetGrain<IStockGrain>(sku);
}
