using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;

namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// A SKU's committed state: changed only by applying ledger events that are durable, so anything
/// read from it has been acknowledged by PostgreSQL.
/// </summary>
public sealed class StockState
{
    // What a state made without the silo's cache keeps (tests, tools): the bound an activation had before issue 17.
    private const int UnsharedCapacity = 10_000;
    private const int RecentAdjustmentCapacity = 1_000;

    private readonly Dictionary<string, PendingReservation> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pendingByKey = new(StringComparer.Ordinal);
    private readonly SortedSet<(DateTime ExpiresAt, string Id)> _expiryOrder = [];
    private readonly FinishedReservations _finished;
    private readonly string _sku;
    // Units per user, pending plus confirmed; only kept for a product with a per-user limit.
    private readonly Dictionary<string, long> _held = new(StringComparer.Ordinal);
    private readonly RecentAdjustmentKeys _adjustmentKeys = new(RecentAdjustmentCapacity);

    public StockState()
        : this(new FinishedReservations(UnsharedCapacity, TimeSpan.MaxValue, TimeProvider.System), "")
    {
    }

    /// <param name="finished">Where the reservations that finish are kept: the silo's cache, shared by its grains.</param>
    /// <param name="sku">This state's SKU, under which they are kept there.</param>
    public StockState(FinishedReservations finished, string sku)
    {
        _finished = finished;
        _sku = sku;
    }

    public bool Exists { get; private set; }
    public string Name { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public StockCounters Counters { get; private set; }
    public long InitialStock => Counters.InitialStock;
    public long Available => Counters.Available;
    public long Reserved => Counters.Reserved;
    public long Sold => Counters.Sold;
    public long Restocked => Counters.Restocked;
    /// <summary>The sum of every adjustment's signed delta.</summary>
    public long Adjusted => Counters.Adjusted;
    public long OnHand => Counters.OnHand;
    public long Version { get; private set; }
    /// <summary>Units one user may hold, pending plus confirmed; null: no limit.</summary>
    public int? MaxPerUser { get; private set; }
    /// <summary>At or below this many available units the product is low; null: never.</summary>
    public int? LowStockThreshold { get; private set; }
    public int PendingCount => _pending.Count;

    /// <summary>The earliest expiry among pending reservations, if any.</summary>
    public DateTime? NextExpiry => _expiryOrder.Count == 0 ? null : _expiryOrder.Min.ExpiresAt;

    public static StockState FromSnapshot(StockSnapshot snapshot) => FromSnapshot(snapshot, new StockState());

    public static StockState FromSnapshot(StockSnapshot snapshot, FinishedReservations finished, string sku) =>
        FromSnapshot(snapshot, new StockState(finished, sku));

    private static StockState FromSnapshot(StockSnapshot snapshot, StockState empty)
    {
        var state = empty;
        state.Exists = snapshot.Exists;
        state.Name = snapshot.Name;
        state.CreatedAt = snapshot.CreatedAt;
        state.Counters = new StockCounters(snapshot.InitialStock, snapshot.Available, snapshot.Reserved, snapshot.Sold, snapshot.Restocked, snapshot.Adjusted);
        state.Version = snapshot.Version;
        state.MaxPerUser = snapshot.MaxPerUser;
        state.LowStockThreshold = snapshot.LowStockThreshold;
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
        Adjusted = Adjusted,
        Version = Version,
        Pending = [.. _pending.Values],
        MaxPerUser = MaxPerUser,
        LowStockThreshold = LowStockThreshold,
        Held = new(_held, StringComparer.Ordinal),
    };

    public ProductView ToView(string sku) => View(sku, Name, Counters, Version, CreatedAt, MaxPerUser, LowStockThreshold);

    /// <summary>The product body of <paramref name="counters"/> at <paramref name="version"/>, with these settings.</summary>
    public static ProductView View(string sku, string name, StockCounters counters, long version, DateTime createdAt, int? maxPerUser, int? lowStockThreshold) =>
        new(sku, name, counters.InitialStock, counters.OnHand, counters.Available, counters.Reserved, counters.Sold, counters.Restocked,
            version, createdAt, maxPerUser, counters.Adjusted, lowStockThreshold);

    /// <summary>The fingerprint of the adjustment this activation applied under <paramref name="idempotencyKey"/>, if it remembers one.</summary>
    public long? FindAdjustmentHash(string idempotencyKey) => _adjustmentKeys.Find(idempotencyKey);

    /// <summary>
    /// Units each user holds in pending reservations. While nothing was ever sold these are all the units
    /// anyone holds, which spares a ledger read when a per-user limit is first set.
    /// </summary>
    public Dictionary<string, long> PendingHeldByUser()
    {
        var held = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var reservation in _pending.Values)
        {
            held[reservation.UserId] = held.GetValueOrDefault(reservation.UserId) + reservation.Quantity;
        }

        return held;
    }

    /// <summary>
    /// Takes the product's settings (a PATCH, or the catalog's at activation). A limit on a product that had
    /// none needs <paramref name="held"/>, the units each user holds now, since none were counted without one.
    /// </summary>
    public void ApplySettings(int? maxPerUser, int? lowStockThreshold, IReadOnlyDictionary<string, long>? held)
    {
        if (maxPerUser is null)
        {
            _held.Clear();
        }
        else if (MaxPerUser is null)
        {
            ArgumentNullException.ThrowIfNull(held);
            _held.Clear();
            foreach (var (user, units) in held)
            {
                if (units != 0)
                {
                    _held[user] = units;
                }
            }
        }

        MaxPerUser = maxPerUser;
        LowStockThreshold = lowStockThreshold;
    }

    /// <summary>Units <paramref name="userId"/> holds, pending plus confirmed (0 when the product has no limit).</summary>
    public long HeldBy(string userId) => _held.GetValueOrDefault(userId);

    public PendingReservation? FindPending(string reservationId) => _pending.GetValueOrDefault(reservationId);

    public PendingReservation? FindPendingByKey(string idempotencyKey) =>
        _pendingByKey.TryGetValue(idempotencyKey, out var id) ? _pending[id] : null;

    public StoredReservation? FindRecent(string reservationId) => _finished.Find(_sku, reservationId);

    public StoredReservation? FindRecentByKey(string idempotencyKey) => _finished.FindByKey(_sku, idempotencyKey);

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
        // Checked before anything changes: a ledger that breaks the counters' rules is corrupt, and
        // the state must not take it half.
        var counters = Counters.After(e.Kind, e.Quantity);
        if (e.Kind is LedgerEventKind.Confirmed or LedgerEventKind.Cancelled or LedgerEventKind.Expired && !_pending.ContainsKey(e.ReservationId ?? ""))
        {
            throw new InvalidOperationException($"Ledger of '{sku}' completes '{e.ReservationId}', which is not pending.");
        }

        if (!counters.IsConsistent)
        {
            throw new InvalidOperationException($"Ledger of '{sku}' at version {e.Version} ({e.Kind} {e.Quantity}) breaks the counters: {counters}.");
        }

        switch (e.Kind)
        {
            case LedgerEventKind.Created:
                Exists = true;
                Name = e.Name ?? sku;
                CreatedAt = e.OccurredAt;
                // Until the catalog's settings are read (activation), or for a product created just now.
                MaxPerUser = e.MaxPerUser;
                LowStockThreshold = e.LowStockThreshold;
                break;
            case LedgerEventKind.Restocked:
                break;
            case LedgerEventKind.Adjusted:
                if (e.IdempotencyKey is { } key && e.RequestHash is { } hash)
                {
                    _adjustmentKeys.Add(key, hash);
                }

                break;
            case LedgerEventKind.Reserved:
                Hold(e.UserId!, e.Quantity);
                AddPending(new PendingReservation(
                    e.ReservationId!, checked((int)e.Quantity), e.UserId!, e.OccurredAt, e.ExpiresAt!.Value, e.IdempotencyKey, e.RequestHash, e.Owner));
                break;
            case LedgerEventKind.Confirmed:
                Complete(sku, e.ReservationId!, ReservationStatus.Confirmed);
                break;
            case LedgerEventKind.Cancelled:
            case LedgerEventKind.Expired:
                Complete(sku, e.ReservationId!, e.Kind == LedgerEventKind.Cancelled ? ReservationStatus.Cancelled : ReservationStatus.Expired);
                break;
        }

        Counters = counters;
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
        _finished.Add(_sku, new StoredReservation(view, reservation.IdempotencyKey, reservation.RequestHash));
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
