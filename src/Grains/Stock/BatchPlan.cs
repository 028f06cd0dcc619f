using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;

namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// Decides a batch of commands against committed state plus the batch's own earlier decisions
/// (an overlay), producing the ledger events to append and each command's outcome. Committed state
/// is not touched: if the append fails, the plan is simply thrown away.
/// </summary>
public sealed class BatchPlan
{
    private readonly string _sku;
    private readonly StockState _state;
    private readonly DateTime _now;
    private readonly int _maxEvents;
    private readonly IReadOnlyDictionary<string, StoredReservation> _storedById;
    private readonly IReadOnlyDictionary<string, StoredReservation> _storedByKey;
    private readonly Dictionary<string, StoredReservation> _changed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _changedKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _heldDelta = new(StringComparer.Ordinal);
    private bool _created;
    private int? _createdMaxPerUser;
    private long _availableDelta;

    public BatchPlan(
        string sku,
        StockState state,
        DateTime now,
        int maxEvents,
        IReadOnlyDictionary<string, StoredReservation> storedById,
        IReadOnlyDictionary<string, StoredReservation> storedByKey)
    {
        _sku = sku;
        _state = state;
        _now = now;
        _maxEvents = maxEvents;
        _storedById = storedById;
        _storedByKey = storedByKey;
    }

    public List<LedgerEvent> Events { get; } = [];

    /// <summary>Outcomes in command order; product bodies are filled in after the commit.</summary>
    public List<CommandOutcome> Outcomes { get; } = [];

    /// <summary>An <see cref="StockCommand.ExpireDue"/> stopped at the event cap with more still due.</summary>
    public bool MoreDue { get; private set; }

    private bool Exists => _state.Exists || _created;

    private long Available => _state.Available + _availableDelta;

    private int? MaxPerUser => _created ? _createdMaxPerUser : _state.MaxPerUser;

    /// <summary>Units the user holds as this batch sees it: committed plus the batch's own decisions.</summary>
    private long HeldBy(string userId) => _state.HeldBy(userId) + _heldDelta.GetValueOrDefault(userId);

    public void Decide(StockCommand command) => Outcomes.Add(command switch
    {
        StockCommand.Create create => DecideCreate(create),
        StockCommand.Restock restock => DecideRestock(restock),
        StockCommand.Reserve reserve => DecideReserve(reserve),
        StockCommand.Confirm confirm => DecideComplete(confirm.ReservationId, confirm.Owner, LedgerEventKind.Confirmed),
        StockCommand.Cancel cancel => DecideComplete(cancel.ReservationId, cancel.Owner, LedgerEventKind.Cancelled),
        StockCommand.ExpireDue => DecideExpireDue(),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown stock command."),
    });

    /// <summary>A reservation as this batch sees it: changed in the batch, pending, recent, or stored.</summary>
    public StoredReservation? Find(string reservationId)
    {
        if (_changed.TryGetValue(reservationId, out var changed))
        {
            return changed;
        }

        if (_state.FindPending(reservationId) is { } pending)
        {
            return Stored(pending, ReservationStatus.Pending);
        }

        return _state.FindRecent(reservationId) ?? _storedById.GetValueOrDefault(reservationId);
    }

    private StoredReservation? FindByKey(string key)
    {
        if (_changedKeys.TryGetValue(key, out var id))
        {
            return _changed[id];
        }

        if (_state.FindPendingByKey(key) is { } pending)
        {
            return Find(pending.ReservationId);
        }

        var known = _state.FindRecentByKey(key) ?? _storedByKey.GetValueOrDefault(key);
        return known is null ? null : Find(known.View.ReservationId) ?? known;
    }

    private CommandOutcome DecideCreate(StockCommand.Create create)
    {
        // The grain takes calls from any Orleans client, not only the validating API: text storage
        // cannot hold is refused here, on its own, before it can fail the batch's append.
        if (string.IsNullOrWhiteSpace(create.Name) || !TextRules.IsClean(create.Name))
        {
            return CommandOutcome.Failed(StockError.InvalidInput);
        }

        if (Exists)
        {
            return CommandOutcome.Failed(StockError.ProductExists);
        }

        _created = true;
        _createdMaxPerUser = create.MaxPerUser;
        _availableDelta += create.InitialStock;
        Events.Add(new LedgerEvent
        {
            Version = NextVersion,
            Kind = LedgerEventKind.Created,
            Quantity = create.InitialStock,
            OccurredAt = _now,
            Name = create.Name,
            MaxPerUser = create.MaxPerUser,
        });
        return new CommandOutcome();
    }

    private CommandOutcome DecideRestock(StockCommand.Restock restock)
    {
        if (!Exists)
        {
            return CommandOutcome.Failed(StockError.ProductNotFound);
        }

        _availableDelta += restock.Quantity;
        Append(LedgerEventKind.Restocked, restock.Quantity);
        return new CommandOutcome();
    }

    private CommandOutcome DecideReserve(StockCommand.Reserve reserve)
    {
        if (!Exists)
        {
            return CommandOutcome.Failed(StockError.ProductNotFound);
        }

        var request = reserve.Request;
        if (!TextRules.IsClean(request))
        {
            return CommandOutcome.Failed(StockError.InvalidInput);
        }

        // Scoped to the owner: the same key from two owners names two reservations.
        var idempotencyKey = request.ScopedIdempotencyKey;
        if (idempotencyKey is { } key && FindByKey(key) is { } earlier)
        {
            return earlier.RequestHash == reserve.RequestHash
                ? new CommandOutcome { Reservation = ViewAt(earlier), Replayed = true }
                : CommandOutcome.Failed(StockError.IdempotencyKeyReused);
        }

        if (MaxPerUser is { } max && HeldBy(request.UserId) + request.Quantity > max)
        {
            return new CommandOutcome { Error = StockError.LimitExceeded, MaxPerUser = max, Held = HeldBy(request.UserId) };
        }

        if (Available < request.Quantity)
        {
            return new CommandOutcome { Error = StockError.InsufficientStock, Available = Available };
        }

        var id = Guid.CreateVersion7(_now).ToString("N");
        var expiresAt = _now.AddSeconds(request.TtlSeconds);
        var created = new StoredReservation(
            new ReservationView(id, _sku, request.Quantity, request.UserId, ReservationStatus.Pending, _now, expiresAt, request.Owner),
            idempotencyKey,
            reserve.RequestHash);
        _availableDelta -= request.Quantity;
        Hold(request.UserId, request.Quantity);
        _changed[id] = created;
        if (idempotencyKey is { } newKey)
        {
            _changedKeys[newKey] = id;
        }

        Events.Add(new LedgerEvent
        {
            Version = NextVersion,
            Kind = LedgerEventKind.Reserved,
            Quantity = request.Quantity,
            OccurredAt = _now,
            ReservationId = id,
            UserId = request.UserId,
            IdempotencyKey = idempotencyKey,
            RequestHash = reserve.RequestHash,
            ExpiresAt = expiresAt,
            Owner = request.Owner,
        });
        return new CommandOutcome { Reservation = created.View };
    }

    private CommandOutcome DecideComplete(string reservationId, string? owner, LedgerEventKind kind)
    {
        if (!TextRules.IsClean(reservationId))
        {
            return CommandOutcome.Failed(StockError.InvalidInput);
        }

        if (!Exists)
        {
            return CommandOutcome.Failed(StockError.ProductNotFound);
        }

        if (Find(reservationId) is not { } reservation || !ReservationOwner.Allows(owner, reservation.View.Owner))
        {
            return CommandOutcome.Failed(StockError.ReservationNotFound);
        }

        var target = kind == LedgerEventKind.Confirmed ? ReservationStatus.Confirmed : ReservationStatus.Cancelled;
        var status = reservation.View.Status;
        if (status == ReservationStatus.Pending && reservation.View.ExpiresAt <= _now)
        {
            // Past its expiry a reservation is expired whether or not the release has run yet.
            Complete(reservation, LedgerEventKind.Expired);
            status = ReservationStatus.Expired;
        }

        if (status == target)
        {
            return new CommandOutcome { Reservation = reservation.View };
        }

        if (status != ReservationStatus.Pending)
        {
            return new CommandOutcome { Error = StockError.ReservationNotPending, Status = status };
        }

        return new CommandOutcome { Reservation = Complete(reservation, kind).View };
    }

    private CommandOutcome DecideExpireDue()
    {
        var released = 0;
        foreach (var pending in _state.DueAt(_now))
        {
            if (Events.Count >= _maxEvents)
            {
                MoreDue = true;
                break;
            }

            if (_changed.ContainsKey(pending.ReservationId))
            {
                continue;
            }

            Complete(Stored(pending, ReservationStatus.Pending), LedgerEventKind.Expired);
            released++;
        }

        return new CommandOutcome { Released = released };
    }

    private StoredReservation Complete(StoredReservation reservation, LedgerEventKind kind)
    {
        var status = kind switch
        {
            LedgerEventKind.Confirmed => ReservationStatus.Confirmed,
            LedgerEventKind.Cancelled => ReservationStatus.Cancelled,
            _ => ReservationStatus.Expired,
        };
        if (kind != LedgerEventKind.Confirmed)
        {
            _availableDelta += reservation.View.Quantity;
            Hold(reservation.View.UserId, -reservation.View.Quantity);
        }

        var completed = reservation with { View = reservation.View with { Status = status } };
        _changed[reservation.View.ReservationId] = completed;
        Append(kind, reservation.View.Quantity, reservation.View.ReservationId);
        return completed;
    }

    private void Append(LedgerEventKind kind, long quantity, string? reservationId = null, string? name = null) =>
        Events.Add(new LedgerEvent
        {
            Version = NextVersion,
            Kind = kind,
            Quantity = quantity,
            OccurredAt = _now,
            ReservationId = reservationId,
            Name = name,
        });

    private void Hold(string userId, long delta)
    {
        if (MaxPerUser is not null)
        {
            _heldDelta[userId] = _heldDelta.GetValueOrDefault(userId) + delta;
        }
    }

    private long NextVersion => _state.Version + Events.Count + 1;

    private ReservationView ViewAt(StoredReservation reservation) =>
        reservation.View.Status == ReservationStatus.Pending && reservation.View.ExpiresAt <= _now
            ? reservation.View with { Status = ReservationStatus.Expired }
            : reservation.View;

    private StoredReservation Stored(PendingReservation pending, ReservationStatus status) =>
        new(new ReservationView(pending.ReservationId, _sku, pending.Quantity, pending.UserId, status, pending.CreatedAt, pending.ExpiresAt, pending.Owner),
            pending.IdempotencyKey, pending.RequestHash);
}
