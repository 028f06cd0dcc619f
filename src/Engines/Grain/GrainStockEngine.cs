using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Grain;

/// <summary>
/// The grain engine: every call goes to the SKU's <see cref="IStockGrain"/> through the silo
/// gateways. Idempotent calls go through <see cref="GrainCallRetry"/>, so a silo lost mid-call is
/// a slower answer rather than an error; a restock is not idempotent and is never retried. History is
/// read from the ledger itself (<see cref="GrainLedgerHistory"/>), not through the grain.
/// </summary>
public sealed class GrainStockEngine(IClusterClient client, GrainCallRetry retry, IOptions<GrainRetryOptions> retryOptions, GrainLedgerHistory history) : IStockEngine
{
    public const string EngineName = "grain";

    private readonly bool _generateKeys = retryOptions.Value.GenerateIdempotencyKeys;

    public string Name => EngineName;

    public IReadOnlyCollection<string> Strategies { get; } = [EngineName];

    public Task<StockReply<ProductView>> CreateAsync(string sku, NewProduct product, CancellationToken cancellationToken) =>
        retry.ExecuteAsync("create", (Grain: Grain(sku), Product: product), static async (s, retried, ct) =>
        {
            var reply = await s.Grain.CreateAsync(s.Product.Name, s.Product.InitialStock, s.Product.MaxPerUser, s.Product.LowStockThreshold, s.Product.Actor).WaitAsync(ct);
            if (!retried || reply.Error != StockError.ProductExists)
            {
                return reply;
            }

            // An earlier attempt may have created it before its answer was lost. The same name and
            // stock is then this request's own product (or an identical one: equally fine to report).
            var existing = await s.Grain.GetAsync().WaitAsync(ct);
            return existing.Value is { } product && product.Name == s.Product.Name && product.InitialStock == s.Product.InitialStock
                && product.MaxPerUser == s.Product.MaxPerUser && product.LowStockThreshold == s.Product.LowStockThreshold
                ? new StockReply<ProductView> { Value = product }
                : reply;
        }, cancellationToken);

    public Task<StockReply<ProductView>> GetAsync(string sku, CancellationToken cancellationToken) =>
        retry.ExecuteAsync("get", Grain(sku), static (g, _, ct) => g.GetAsync().WaitAsync(ct), cancellationToken);

    public Task<StockReply<ProductView>> RestockAsync(string sku, long quantity, string? actor, CancellationToken cancellationToken) =>
        Grain(sku).RestockAsync(quantity, actor).WaitAsync(cancellationToken);

    public async Task<StockReply<ReservationView>> ReserveAsync(string sku, ReserveRequest request, string? strategy, CancellationToken cancellationToken)
    {
        if (request.IdempotencyKey is null && !_generateKeys)
        {
            return await Grain(sku).ReserveAsync(request).WaitAsync(cancellationToken) with { Strategy = EngineName };
        }

        // The same key goes with every attempt, so the grain answers a retry of a reservation that
        // did commit with that reservation instead of taking stock again.
        var generated = request.IdempotencyKey is null;
        var keyed = generated ? request with { IdempotencyKey = GeneratedIdempotencyKey.New() } : request;
        // Only the first attempt with a key made here can vouch that the ledger has never seen it.
        var firstAttempt = generated ? keyed with { KeyIsUnused = true } : keyed;
        var reply = await retry.ExecuteAsync("reserve", (Grain: Grain(sku), keyed, firstAttempt),
            static (s, retried, ct) => s.Grain.ReserveAsync(retried ? s.keyed : s.firstAttempt).WaitAsync(ct), cancellationToken);
        // A replay of a key the client never sent is this request's own first attempt: a creation.
        return reply with { Strategy = EngineName, Replayed = reply.Replayed && !generated };
    }

    public Task<StockReply<ReservationView>> ConfirmAsync(string sku, string reservationId, string? owner, string? actor, CancellationToken cancellationToken) =>
        retry.ExecuteAsync("confirm", (Grain: Grain(sku), reservationId, owner, actor),
            static (s, _, ct) => s.Grain.ConfirmAsync(s.reservationId, s.owner, s.actor).WaitAsync(ct), cancellationToken);

    public Task<StockReply<ReservationView>> CancelAsync(string sku, string reservationId, string? owner, string? actor, CancellationToken cancellationToken) =>
        retry.ExecuteAsync("cancel", (Grain: Grain(sku), reservationId, owner, actor),
            static (s, _, ct) => s.Grain.CancelAsync(s.reservationId, s.owner, s.actor).WaitAsync(ct), cancellationToken);

    public async Task<StockReply<ProductView>> AdjustAsync(string sku, StockAdjustment adjustment, CancellationToken cancellationToken)
    {
        if (adjustment.IdempotencyKey is null && !_generateKeys)
        {
            // Without a key a second attempt could adjust twice: like a restock, never retried.
            return await Grain(sku).AdjustAsync(adjustment).WaitAsync(cancellationToken);
        }

        // With a key, a retry of an attempt that did commit is a replay, answered with the product.
        var generated = adjustment.IdempotencyKey is null;
        var keyed = generated ? adjustment with { IdempotencyKey = GeneratedIdempotencyKey.New() } : adjustment;
        var reply = await retry.ExecuteAsync("adjust", (Grain: Grain(sku), Adjustment: keyed),
            static (s, _, ct) => s.Grain.AdjustAsync(s.Adjustment).WaitAsync(ct), cancellationToken);
        return reply with { Replayed = reply.Replayed && !generated };
    }

    // Setting values is idempotent: a retry sets the same ones again.
    public Task<StockReply<ProductView>> UpdateSettingsAsync(string sku, ProductSettingsChange change, CancellationToken cancellationToken) =>
        retry.ExecuteAsync("update-settings", (Grain: Grain(sku), Change: change),
            static (s, _, ct) => s.Grain.UpdateSettingsAsync(s.Change).WaitAsync(ct), cancellationToken);

    public Task<StockReply<HistoryPage>> GetHistoryAsync(string sku, long afterVersion, int limit, CancellationToken cancellationToken) =>
        history.ReadAsync(sku, afterVersion, limit, cancellationToken);

    public Task<StockReply<ReservationView>> GetReservationAsync(string sku, string reservationId, string? owner, CancellationToken cancellationToken) =>
        retry.ExecuteAsync("get-reservation", (Grain: Grain(sku), reservationId, owner),
            static (s, _, ct) => s.Grain.GetReservationAsync(s.reservationId, s.owner).WaitAsync(ct), cancellationToken);

    private IStockGrain Grain(string sku) => client.GetGrain<IStockGrain>(sku);
}
