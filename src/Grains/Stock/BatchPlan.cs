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
    private readonly IReadOnlyDictionary<string, long> _storedAdjustmentKeys;
    private readonly Dictionary<string, StoredReservation> _changed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _changedKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _heldDelta = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _adjustmentKeys = new(StringComparer.Ordinal);
    private bool _created;
    private int? _createdMaxPerUser;
    private long _availableDelta;
    private long _reservedDelta;

    public BatchPlan(
        string sku,
        StockState state,
        DateTime now,
        int maxEvents,
        IReadOnlyDictionary<string, StoredReservation> storedById,
        IReadOnlyDictionary<string, StoredReservation> storedByKey,
        IReadOnlyDictionary<string, long>? storedAdjustmentKeys = null)
    {
        _sku = sku;
        _state = state;
        _now = now;
        _maxEvents = maxEvents;
        _storedById = storedById;
        _storedByKey = storedByKey;
        _storedAdjustmentKeys = storedAdjustmentKeys ?? NoAdjustmentKeys;
    }

    private static readonly IReadOnlyDictionary<string, long> NoAdjustmentKeys = new Dictionary<string, long>();

    public List<LedgerEvent> Events { get; } = [];

    /// <summary>Outcomes in command order; product bodies are filled in after the commit.</summary>
    public List<CommandOutcome> Outcomes { get; } = [];

    /// <summary>An <see cref="StockCommand.ExpireDue"/> stopped at the event cap with more still due.</summary>
    public bool MoreDue { get; private set; }

    private bool Exists => _state.Exists || _created;

    private long Available => _state.Available + _availableDelta;

    private long Reserved => _state.Reserved + _reservedDelta;

    /// <summary>The product's version as a command of this batch sees it: after the batch's earlier events.</summary>
    private long CurrentVersion => _state.Version + Events.Count;

    private int? MaxPerUser => _created ? _createdMaxPerUser : _state.MaxPerUser;

    /// <summary>Units the user holds as this batch sees it: committed plus the batch's own decisions.</summary>
    private long HeldBy(string userId) => _state.HeldBy(userId) + _heldDelta.GetValueOrDefault(userId);

    public void Decide(StockCommand command) => Outcomes.Add(command switch
    {
        StockCommand.Create create => DecideCreate(create),
        StockCommand.Restock restock => DecideRestock(restock),
        StockCommand.Reserve reserve => DecideReserve(reserve),
        StockCommand.Confirm confirm => DecideComplete(confirm.ReservationId, confirm.Owner, confirm.Actor, LedgerEventKind.Confirmed),
        StockCommand.Cancel cancel => DecideComplete(cancel.ReservationId, cancel.Owner, cancel.Actor, LedgerEventKind.Cancelled),
        StockCommand.Adjust adjust => DecideAdjust(adjust),
        StockCommand.ExpireDue => DecideExpireDue(),
        StockCommand.UpdateSettings => throw new ArgumentException("Settings are not ledger events: the grain writes them on their own.", nameof(command)),
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
        if (string.IsNullOrWhiteSpace(create.Name) || !TextRules.IsClean(create.Name) || !TextRules.IsClean(create.Actor)
            || create.MaxPerUser is < 1 || create.LowStockThreshold is < 0)
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
            LowStockThreshold = create.LowStockThreshold,
            Actor = create.Actor,
        });
        return new CommandOutcome();
    }

    private CommandOutcome DecideRestock(StockCommand.Restock restock)
    {
        if (!TextRules.IsClean(restock.Actor))
        {
            return CommandOutcome.Failed(StockError.InvalidInput);
        }

        if (!Exists)
        {
            return CommandOutcome.Failed(StockError.ProductNotFound);
        }

        _availableDelta += restock.Quantity;
        Append(LedgerEventKind.Restocked, restock.Quantity, actor: restock.Actor);
        return new CommandOutcome();
    }

    /// <summary>
    /// An ERP's delta or a cycle count's set of on hand. Pending reservations are untouched: a delta may take
    /// only what is available, a set may not go below what is reserved. The compare-and-set and the key are
    /// checked against the product as this batch sees it, so the answer is the one a serial run would give.
    /// </summary>
    private CommandOutcome DecideAdjust(StockCommand.Adjust command)
    {
        var adjustment = command.Adjustment;
        if (string.IsNullOrWhiteSpace(adjustment.Reason) || !TextRules.IsClean(adjustment.Reason) || !TextRules.IsClean(adjustment.Actor)
            || !TextRules.IsIdempotencyKeyOrNone(adjustment.IdempotencyKey)
            || (adjustment.Mode == AdjustmentMode.Delta ? adjustment.Amount == 0 : adjustment.Amount < 0))
        {
            return CommandOutcome.Failed(StockError.InvalidInput);
        }

        if (!Exists)
        {
            return CommandOutcome.Failed(StockError.ProductNotFound);
        }

        var key = adjustment.ScopedIdempotencyKey;
        if (key is not null && FindAdjustmentHash(key) is { } earlier)
        {
            // The product as it is now, whatever happened since: the adjustment itself is made only once.
            return earlier == command.RequestHash
                ? new CommandOutcome { Replayed = true }
                : CommandOutcome.Failed(StockError.IdempotencyKeyReused);
        }

        var onHand = Available + Reserved;
        var expected = adjustment.Mode == AdjustmentMode.Delta ? CurrentVersion : onHand;
        if (adjustment.Expected is { } expectedValue && expectedValue != expected)
        {
            return new CommandOutcome { Error = StockError.VersionMismatch, Version = CurrentVersion, OnHand = onHand };
        }

        var delta = adjustment.DeltaFrom(onHand);
        if (-delta > Available)
        {
            return new CommandOutcome { Error = StockError.InsufficientStock, Available = Available };
        }

        if (delta == 0)
        {
            // A set to the on hand there is: nothing changes, so nothing is recorded (and no key is kept).
            return new CommandOutcome();
        }

        _availableDelta += delta;
        if (key is not null)
        {
            _adjustmentKeys[key] = command.RequestHash;
        }

        Events.Add(new LedgerEvent
        {
            Version = NextVersion,
            Kind = LedgerEventKind.Adjusted,
            Quantity = delta,
            OccurredAt = _now,
            IdempotencyKey = key,
            RequestHash = key is null ? null : command.RequestHash,
            Actor = adjustment.Actor,
            Reason = adjustment.Reason,
        });
        return new CommandOutcome();
    }

    private long? FindAdjustmentHash(string key) =>
        _adjustmentKeys.TryGetValue(key, out var inBatch) ? inBatch
        : _state.FindAdjustmentHash(key) ?? (_storedAdjustmentKeys.TryGetValue(key, out var stored) ? stored : null);

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
        _reservedDelta += request.Quantity;
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

    private CommandOutcome DecideComplete(string reservationId, string? owner, string? actor, LedgerEventKind kind)
    {
        if (!TextRules.IsClean(reservationId) || !TextRules.IsClean(actor))
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
            // Past its expiry a reservation is expired whether or not the release has run yet
            // (the service's doing, not the caller's: no actor).
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

        return new CommandOutcome { Reservation = Complete(reservation, kind, actor).View };
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

    private StoredReservation Complete(StoredReservation reservation, LedgerEventKind kind, string? actor = null)
    {
        var status = kind switch
        {
            LedgerEventKind.Confirmed => ReservationStatus.Confirmed,
            LedgerEventKind.Cancelled => ReservationStatus.Cancelled,
            _ => ReservationStatus.Expired,
        };
        _reservedDelta -= reservation.View.Quantity;
        if (kind != LedgerEventKind.Confirmed)
        {
            _availableDelta += reservation.View.Quantity;
            Hold(reservation.View.UserId, -reservation.View.Quantity);
        }

        var completed = reservation with { View = reservation.View with { Status = status } };
        _changed[reservation.View.ReservationId] = completed;
        // The user rides along so that the history item (and its event) says whose units moved.
        Append(kind, reservation.View.Quantity, reservation.View.ReservationId, reservation.View.UserId, actor);
        return completed;
    }

    private void Append(LedgerEventKind kind, long quantity, string? reservationId = null, string? userId = null, string? actor = null) =>
        Events.Add(new LedgerEvent
        {
            Version = NextVersion,
            Kind = kind,
            Quantity = quantity,
            OccurredAt = _now,
            ReservationId = reservationId,
            UserId = userId,
            Actor = actor,
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
