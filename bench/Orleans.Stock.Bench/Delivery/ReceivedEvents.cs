using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Stock.Bench.Api.Contracts;
using Orleans.Stock.Bench.Audit;
using Orleans.Stock.Bench.Load;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Delivery;

/// <summary>
/// What the webhook receiver took in: per reservation of the run's products, which SKU its event named and
/// how many copies came; the delivery lag of each (receipt minus <c>occurredAt</c>); and the deliveries
/// that do not count (other products, unreadable bodies, bad signatures). Safe from Kestrel's threads.
/// </summary>
public sealed class ReceivedEvents
{
    private readonly ConcurrentDictionary<string, ReceivedReservation> _reservations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _skuIndex;
    private long _received;
    private long _foreign;
    private long _unreadable;
    private long _invalidSignatures;
    private long _first;
    private long _last;

    public ReceivedEvents(ProductSet products)
    {
        _skuIndex = new Dictionary<string, int>(products.Count, StringComparer.Ordinal);
        for (var i = 0; i < products.Count; i++)
        {
            _skuIndex[products[i]] = i;
        }
    }

    public LatencyTracker Lag { get; } = new();

    public IReadOnlyDictionary<string, ReceivedReservation> Reservations => _reservations;

    /// <summary>Distinct reservations of the run's products that arrived so far.</summary>
    public int Distinct => _reservations.Count;

    public long Received => Interlocked.Read(ref _received);

    public long Foreign => Interlocked.Read(ref _foreign);

    public long Unreadable => Interlocked.Read(ref _unreadable);

    public long InvalidSignatures => Interlocked.Read(ref _invalidSignatures);

    /// <summary>Distinct reservations per second between the first delivery and the last; null before two arrived.</summary>
    public double? DistinctPerSecond()
    {
        var first = Interlocked.Read(ref _first);
        var last = Interlocked.Read(ref _last);
        var seconds = first == 0 ? 0 : Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        return seconds > 0 ? Math.Round(Distinct / seconds, 1) : null;
    }

    /// <param name="receivedUtc">When the delivery came in, read before its body.</param>
    /// <param name="verified">Whether its signature verified.</param>
    public void Accept(EventBody? body, bool verified, DateTime receivedUtc)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _first, now, 0);
        Interlocked.Exchange(ref _last, now);
        if (!verified)
        {
            Interlocked.Increment(ref _invalidSignatures);
        }

        if (body?.Sku is not { } sku || body.Data?.ReservationId is not { } reservationId || body.OccurredAt == default)
        {
            Interlocked.Increment(ref _unreadable);
            return;
        }

        if (!_skuIndex.TryGetValue(sku, out var index))
        {
            Interlocked.Increment(ref _foreign);
            return;
        }

        Interlocked.Increment(ref _received);
        Lag.RecordMicros((long)(receivedUtc - body.OccurredAt.ToUniversalTime()).TotalMicroseconds);
        _reservations.AddOrUpdate(reservationId, static (_, sku) => new ReceivedReservation(sku, 1), static (_, got, _) => got with { Copies = got.Copies + 1 }, index);
    }
}
