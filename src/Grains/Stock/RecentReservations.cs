using Orleans.Stock.Grains.Ledger;

namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// The last few thousand reservations that left the pending set, so that repeated confirms,
/// cancels and replays are answered without a ledger read. Oldest entries are dropped first;
/// the ledger still answers for them.
/// </summary>
public sealed class RecentReservations(int capacity)
{
    private readonly Dictionary<string, StoredReservation> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByKey = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(StoredReservation reservation)
    {
        var id = reservation.View.ReservationId;
        if (!_byId.TryAdd(id, reservation))
        {
            return;
        }

        _order.Enqueue(id);
        if (reservation.IdempotencyKey is { } key)
        {
            _idByKey[key] = id;
        }

        while (_order.Count > capacity)
        {
            var evicted = _order.Dequeue();
            if (_byId.Remove(evicted, out var old) && old.IdempotencyKey is { } oldKey)
            {
                _idByKey.Remove(oldKey);
            }
        }
    }

    public StoredReservation? Find(string reservationId) => _byId.GetValueOrDefault(reservationId);

    public StoredReservation? FindByKey(string idempotencyKey) =>
        _idByKey.TryGetValue(idempotencyKey, out var id) ? _byId.GetValueOrDefault(id) : null;
}
