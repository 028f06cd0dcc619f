using Microsoft.Extensions.Options;
using Orleans.Stock.Grains.Ledger;

namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// Reservations that left the pending set, of every stock grain of the silo, so that repeated confirms,
/// cancels, reads and replays are answered without a ledger read. A finished reservation never changes
/// again, so whichever activation put it here, it stays true. Bounded for the silo as a whole, by count
/// and by age (<see cref="StockGrainOptions.FinishedCapacity"/>, <see cref="StockGrainOptions.FinishedRetention"/>),
/// oldest first: memory follows what is pending, not what was done, and the ledger answers for the rest.
/// </summary>
public sealed class FinishedReservations
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Sku, string Id), Entry> _byId = [];
    private readonly Dictionary<(string Sku, string Key), string> _idByKey = [];
    private readonly Queue<(string Sku, string Id)> _order = new();
    private readonly int _capacity;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;

    public FinishedReservations(IOptions<StockGrainOptions> options, TimeProvider time)
        : this(options.Value.FinishedCapacity, options.Value.FinishedRetention, time)
    {
    }

    public FinishedReservations(int capacity, TimeSpan retention, TimeProvider time)
    {
        _capacity = capacity;
        _retention = retention;
        _time = time;
    }

    /// <summary>How many are held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    public void Add(string sku, StoredReservation reservation)
    {
        var id = reservation.View.ReservationId;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_byId.TryAdd((sku, id), new Entry(reservation, now)))
            {
                return;
            }

            _order.Enqueue((sku, id));
            if (reservation.IdempotencyKey is { } key)
            {
                _idByKey[(sku, key)] = id;
            }

            // Entries leave in the order they came, which is also the order of their age.
            while (_order.Count > _capacity || (_order.TryPeek(out var oldest) && IsTooOld(_byId[oldest], now)))
            {
                var evicted = _order.Dequeue();
                if (_byId.Remove(evicted, out var old) && old.Reservation.IdempotencyKey is { } oldKey)
                {
                    _idByKey.Remove((evicted.Sku, oldKey));
                }
            }
        }
    }

    public StoredReservation? Find(string sku, string reservationId)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return _byId.TryGetValue((sku, reservationId), out var entry) && !IsTooOld(entry, now) ? entry.Reservation : null;
        }
    }

    public StoredReservation? FindByKey(string sku, string idempotencyKey)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return _idByKey.TryGetValue((sku, idempotencyKey), out var id) && _byId.TryGetValue((sku, id), out var entry) && !IsTooOld(entry, now)
                ? entry.Reservation
                : null;
        }
    }

    private bool IsTooOld(Entry entry, DateTimeOffset now) => now - entry.AddedAt > _retention;

    private readonly record struct Entry(StoredReservation Reservation, DateTimeOffset AddedAt);
}
