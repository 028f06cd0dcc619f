using System.Diagnostics;
using System.Globalization;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Audit;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Load;

/// <summary>
/// One shopper's session: reserve, then confirm, cancel or walk away. Shared by the open and the closed
/// model, which differ only in when they start sessions.
/// </summary>
public sealed class ReservationFlow : ISessionFlow
{
    private readonly ApiRotation _apis;
    private readonly ProductSet _products;
    private readonly WorkloadSettings _workload;
    private readonly LoadStats _stats;
    private readonly ClientLedger _ledger;
    private readonly AcknowledgedReservations? _acknowledged;
    private readonly SkuChooser _skus;
    private readonly string[] _userIds;
    // A flow per phase (warm-up, load) over the same products: each needs keys of its own, or the
    // load's first requests would replay (or, with another body, be refused for) the warm-up's.
    private readonly string _keyScope = Guid.NewGuid().ToString("N")[..8];
    private long _sequence;

    /// <param name="acknowledged">Where each reservation's id goes, when a webhook is to deliver their events; else null.</param>
    public ReservationFlow(ApiRotation apis, ProductSet products, WorkloadSettings workload, LoadStats stats, ClientLedger ledger, AcknowledgedReservations? acknowledged = null)
    {
        _apis = apis;
        _products = products;
        _workload = workload;
        _stats = stats;
        _ledger = ledger;
        _acknowledged = acknowledged;
        _skus = new SkuChooser(products.Count, workload.HotShare);
        // Built once: the hot path should not format a user id per request.
        _userIds = new string[WorkloadSettings.UserPool];
        for (var i = 0; i < _userIds.Length; i++)
        {
            _userIds[i] = string.Create(CultureInfo.InvariantCulture, $"user-{i}");
        }
    }

    /// <param name="startTimestamp">When the session was due: latency counts from here, so time the
    /// client spent behind schedule is charged to the request, not hidden (no coordinated omission).</param>
    /// <param name="user">Which simulated user; any integer, folded into the user pool.</param>
    public async Task RunAsync(long startTimestamp, int user)
    {
        var skuIndex = _skus.Next();
        var sku = _products[skuIndex];
        var quantity = _workload.Quantity.Next();
        var idempotencyKey = _workload.IdempotencyKeys
            ? string.Create(CultureInfo.InvariantCulture, $"{_products.Prefix}-{_keyScope}-{Interlocked.Increment(ref _sequence)}")
            : null;

        // A whole session through one API, as a shopper behind a load balancer with sticky connections.
        var api = _apis.Next();
        _stats.ReserveSent(startTimestamp);
        var result = await api.ReserveAsync(sku, quantity, _userIds[user % _userIds.Length], _workload.TtlSeconds, _workload.Target.Strategy, idempotencyKey);
        _stats.Record(Operation.Reserve, result.Outcome, startTimestamp, Stopwatch.GetTimestamp());
        _ledger.Reserved(skuIndex, quantity, result.Outcome);
        _acknowledged?.Reserved(skuIndex, result.ReservationId, result.Outcome);
        _stats.Conflicts.Add(result);
        if (result.ServerElapsedMs is { } serverMs)
        {
            _stats.ServerReserve.RecordMicros((long)(serverMs * 1000));
        }

        if (!result.Outcome.IsSuccess || result.ReservationId is not { } reservationId)
        {
            return;
        }

        switch (_workload.FollowUps.Next())
        {
            case FollowUp.Confirm:
                var confirmed = await TimedAsync(Operation.Confirm, () => api.ConfirmAsync(sku, reservationId));
                _ledger.Confirmed(skuIndex, quantity, confirmed);
                break;
            case FollowUp.Cancel:
                var cancelled = await TimedAsync(Operation.Cancel, () => api.CancelAsync(sku, reservationId));
                _ledger.Cancelled(skuIndex, quantity, cancelled);
                break;
        }
    }

    private async Task<ApiOutcome> TimedAsync(Operation operation, Func<Task<ApiOutcome>> send)
    {
        _stats.Sent();
        // A follow-up is sent the moment the reserve answered, so its schedule is its actual start.
        var start = Stopwatch.GetTimestamp();
        var outcome = await send();
        _stats.Record(operation, outcome, start, Stopwatch.GetTimestamp());
        return outcome;
    }
}
