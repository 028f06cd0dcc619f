using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;

namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// A SKU's committed state: changed only by applying ledger events that are durable, so anything
/// read from it has been acknowledged by PostgreSQL.
/// </summary>
public sealed class StockState
{
    private const int RecentCapacity = 10_000;

    private readonly Dictionary<string, PendingReservation> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pendingByKey = new(StringComparer.Ordinal);
    private readonly SortedSet<(DateTime ExpiresAt, string Id)> _expiryOrder = [];
    private readonly RecentReservations _recent = new(RecentCapacity);
    // Units per user, pending plus confirmed; only kept for a product with a per-user limit.
    private readonly Dictionary<string, long> _held = new(StringComparer.Ordinal);

    public bool Exists { get; private set; }
    public string Name { get; private set; } = "";
    public long InitialStock { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public long Available { get; private set; }
    public long Reserved { get; private set; }
    public long Sold { get; private set; }
    public long Restocked { get; private set; }
    public long Version { get; private set; }
    /// <summary>Units one user may hold, pending plus confirmed; null: no limit.</summary>
    public int? MaxPerUser { get; private set; }
    public int PendingCount => _pending.Count;

    /// <summary>The earliest expiry among pending reservations, if any.</summary>
    public DateTime? NextExpiry => _expiryOrder.Count == 0 ? null : _expiryOrder.Min.ExpiresAt;

    public static StockState FromSnapshot(StockSnapshot snapshot)
    {
        var state = new StockState
        {
            Exists = snapshot.Exists,
            Name = snapshot.Name,
            InitialStock = snapshot.InitialStock,
            CreatedAt = snapshot.CreatedAt,
            Available = snapshot.Available,
            Reserved = snapshot.Reserved,
            Sold = snapshot.Sold,
            Restocked = snapshot.Restocked,
            Version = snapshot.Version,
            MaxPerUser = snapshot.MaxPerUser,
        };
        foreach (var reservation in snapshot.Pending)
        {
            state.AddPending(reservation);
        }

        if (state.MaxPerUser is not null)
        {
            foreach (var (user, held) in snapshot.Held)
            {
                state._held[user] = held;
            }
        }

        return state;
    }

    public StockSnapshot ToSnapshot() => new()
    {
        Exists = Exists,
        Name = Name,
        InitialStock = InitialStock,
        CreatedAt = CreatedAt,
        Available = Available,
        Reserved = Reserved,
        Sold = Sold,
        Restocked = Restocked,
        Version = Version,
        Pending = [.. _pending.Values],
        MaxPerUser = MaxPerUser,
        Held = new(_held, StringComparer.Ordinal),
    };

    public ProductView ToView(string sku) =>
        new(sku, Name, InitialStock, Available + Reserved, Available, Reserved, Sold, Restocked, Version, CreatedAt, MaxPerUser);

    /// <summary>Units <paramref name="userId"/> holds, pending plus confirmed (0 when the product has no limit).</summary>
    public long HeldBy(string userId) => _held.GetValueOrDefault(userId);

    public PendingReservation? FindPending(string reservationId) => _pending.GetValueOrDefault(reservationId);

    public PendingReservation? FindPendingByKey(string idempotencyKey) =>
        _pendingByKey.TryGetValue(idempotencyKey, out var id) ? _pending[id] : null;

    public StoredReservation? FindRecent(string reservationId) => _recent.Find(reservationId);

    public StoredReservation? FindRecentByKey(string idempotencyKey) => _recent.FindByKey(idempotencyKey);

    /// <summary>Pending reservations due at <paramref name="now"/>, earliest first.</summary>
    public IEnumerable<PendingReservation> DueAt(DateTime now)
    {
        foreach (var (expiresAt, id) in _expiryOrder)
        {
            if (expiresAt > now)
            {
                yield break;
            }

            yield return _pending[id];
        }
    }

    public void Apply(string sku, LedgerEvent e)
    {
        switch (e.Kind)
        {
            case LedgerEventKind.Created:
                Exists = true;
                Name = e.Name ?? sku;
                InitialStock = e.Quantity;
                Available = e.Quantity;
                CreatedAt = e.OccurredAt;
                MaxPerUser = e.MaxPerUser;
                break;
            case LedgerEventKind.Restocked:
                Available += e.Quantity;
                Restocked += e.Quantity;
                break;
            case LedgerEventKind.Reserved:
                Available -= e.Quantity;
                Reserved += e.Quantity;
                Hold(e.UserId!, e.Quantity);
                AddPending(new PendingReservation(
                    e.ReservationId!, checked((int)e.Quantity), e.UserId!, e.OccurredAt, e.ExpiresAt!.Value, e.IdempotencyKey, e.RequestHash, e.Owner));
                break;
            case LedgerEventKind.Confirmed:
                Reserved -= e.Quantity;
                Sold += e.Quantity;
                Complete(sku, e.ReservationId!, ReservationStatus.Confirmed);
                break;
            case LedgerEventKind.Cancelled:
            case LedgerEventKind.Expired:
                Reserved -= e.Quantity;
                Available += e.Quantity;
                Complete(sku, e.ReservationId!, e.Kind == LedgerEventKind.Cancelled ? ReservationStatus.Cancelled : ReservationStatus.Expired);
                break;
            default:
                throw new InvalidOperationException($"Unknown ledger event kind {e.Kind}.");
        }

        Version = e.Version;
    }

    private void AddPending(PendingReservation reservation)
    {
        _pending.Add(reservation.ReservationId, reservation);
        _expiryOrder.Add((reservation.ExpiresAt, reservation.ReservationId));
        if (reservation.IdempotencyKey is { } key)
        {
            _pendingByKey[key] = reservation.ReservationId;
        }
    }

    private void Complete(string sku, string reservationId, ReservationStatus status)
    {
        if (!_pending.Remove(reservationId, out var reservation))
        {
            throw new InvalidOperationException($"Ledger of '{sku}' completes '{reservationId}', which is not pending.");
        }

        _expiryOrder.Remove((reservation.ExpiresAt, reservationId));
        if (reservation.IdempotencyKey is { } key)
        {
            _pendingByKey.Remove(key);
        }

        if (status != ReservationStatus.Confirmed)
        {
            Hold(reservation.UserId, -reservation.Quantity);
        }

        var view = new ReservationView(reservationId, sku, reservation.Quantity, reservation.UserId, status, reservation.CreatedAt, reservation.ExpiresAt, reservation.Owner);
        _recent.Add(new StoredReservation(view, reservation.IdempotencyKey, reservation.RequestHash));
    }

    private void Hold(string userId, long delta)
    {
        if (MaxPerUser is null)
        {
            return;
        }

        var held = _held.GetValueOrDefault(userId) + delta;
        if (held == 0)
        {
            _held.Remove(userId);
        }
        else
        {
            _held[userId] = held;
        }
    }
}
