using System.Diagnostics;
using System.Globalization;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Api.Contracts;
using Orleans.Stock.Bench.Audit;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Load;

/// <summary>
/// A shopper's checkout: one cart of distinct SKUs reserved all or nothing, then the whole cart
/// confirmed, cancelled or abandoned. A cart counts as one reserve (its latency and outcome); its
/// lines' units go into the per-SKU ledger, and the session into the cart ledger for the cart audit.
/// </summary>
public sealed class CartFlow : ISessionFlow
{
    private readonly StockApiClient _api;
    private readonly ProductSet _products;
    private readonly WorkloadSettings _workload;
    private readonly QuantityRange _lineCount;
    private readonly LoadStats _stats;
    private readonly ClientLedger _ledger;
    private readonly CartLedger _carts;
    private readonly SkuChooser _skus;
    // Keys are global for carts, and the warm-up and the measured load each have a flow of their own.
    private readonly string _keyPrefix;
    private long _sequence;

    public CartFlow(StockApiClient api, ProductSet products, WorkloadSettings workload, LoadStats stats, ClientLedger ledger, CartLedger carts)
    {
        _api = api;
        _products = products;
        _workload = workload;
        _lineCount = workload.CartLines ?? throw new ArgumentException("a cart workload needs CartLines", nameof(workload));
        _stats = stats;
        _ledger = ledger;
        _carts = carts;
        _skus = new SkuChooser(products.Count, workload.HotShare);
        _keyPrefix = $"{products.Prefix}-cart-{Guid.NewGuid():N}-";
    }

    public async Task RunAsync(long startTimestamp, int user)
    {
        var skuIndexes = _skus.NextDistinct(_lineCount.Next());
        var lines = skuIndexes.Select(i => new CartLineRequest(_products[i], _workload.Quantity.Next())).ToArray();
        var sequence = Interlocked.Increment(ref _sequence);
        var userId = string.Create(CultureInfo.InvariantCulture, $"user-{user % WorkloadSettings.UserPool}");
        var idempotencyKey = _workload.IdempotencyKeys ? string.Create(CultureInfo.InvariantCulture, $"{_keyPrefix}{sequence}") : null;

        _stats.ReserveSent(startTimestamp);
        var result = await _api.ReserveCartAsync(new CartRequest(userId, _workload.TtlSeconds, lines), _workload.Target.Strategy, idempotencyKey);
        _stats.Record(Operation.Reserve, result.Outcome, startTimestamp, Stopwatch.GetTimestamp());
        for (var i = 0; i < lines.Length; i++)
        {
            _ledger.Reserved(skuIndexes[i], lines[i].Quantity, result.Outcome);
        }

        if (!result.Outcome.IsSuccess || result.CartId is not { } cartId)
        {
            _carts.Add(new CartSession(lines, result.Outcome, result.CartId, result.FailedSku, FollowUp.Abandon, null));
            return;
        }

        var followUp = _workload.FollowUps.Next();
        ApiOutcome? followUpOutcome = followUp switch
        {
            FollowUp.Confirm => await TimedAsync(Operation.Confirm, () => _api.ConfirmCartAsync(cartId)),
            FollowUp.Cancel => await TimedAsync(Operation.Cancel, () => _api.CancelCartAsync(cartId)),
            _ => null,
        };
        for (var i = 0; i < lines.Length && followUpOutcome is { } outcome; i++)
        {
            if (followUp == FollowUp.Confirm)
            {
                _ledger.Confirmed(skuIndexes[i], lines[i].Quantity, outcome);
            }
            else
            {
                _ledger.Cancelled(skuIndexes[i], lines[i].Quantity, outcome);
            }
        }

        _carts.Add(new CartSession(lines, result.Outcome, cartId, null, followUp, followUpOutcome));
    }

    private async Task<ApiOutcome> TimedAsync(Operation operation, Func<Task<ApiOutcome>> send)
    {
        _stats.Sent();
        var start = Stopwatch.GetTimestamp();
        var outcome = await send();
        _stats.Record(operation, outcome, start, Stopwatch.GetTimestamp());
        return outcome;
    }
}
