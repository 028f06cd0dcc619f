using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Storage;

namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// One SKU. Calls interleave ([Reentrant]) but run one at a time, so they only read committed state
/// or queue a command; a single write loop decides queued commands in batches, appends the batch
/// to the ledger in one transaction (group commit) and only then answers each caller.
/// </summary>
[Reentrant]
public sealed partial class StockGrain(
    [PersistentState(StockStorage.StateName, StockStorage.ProviderName)] IPersistentState<StockSnapshot> snapshot,
    IStockLedger ledger,
    IOptions<StockGrainOptions> options,
    StockGrainMetrics metrics,
    FinishedReservations finished,
    TimeProvider time,
    ILogger<StockGrain> logger) : Grain, IStockGrain, IRemindable
{
    private const string ExpiryReminder = "expiry";
    private static readonly IReadOnlyDictionary<string, StoredReservation> NoneStored = FrozenDictionary<string, StoredReservation>.Empty;

    private readonly StockGrainOptions _options = options.Value;
    private readonly List<QueuedCommand> _queue = [];
    private StockState _state = new();
    private bool _writing;
    private bool _stale;
    // This activation's claim on the SKU's ledger (IStockLedger.ClaimAsync), taken when it activates.
    private long _epoch;
    private bool _reminderRegistered;
    // When a failed reminder update is tried again (the expiry timer wakes for it); null: none failed.
    private DateTime? _reminderRetryAt;
    private ExpiryAlarm? _expiry;
    private long _snapshotVersion;
    private Task _snapshotWrite = Task.CompletedTask;

    private string Sku => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Before the first read: from here on an activation this one replaces cannot commit, and
        // anything it did commit is in the ledger that LoadAsync reads.
        _epoch = await ledger.ClaimAsync(Sku, cancellationToken);
        await LoadAsync(cancellationToken);
        _reminderRegistered = await this.GetReminder(ExpiryReminder, cancellationToken) is not null;
        // Created disarmed: it is armed only while something can expire (ArmExpiry).
        var timer = this.RegisterGrainTimer(OnExpiryTimerAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { Interleave = true });
        _expiry = new ExpiryAlarm(timer, _options.ExpirySlack, metrics);

        // Whatever expired while no activation was watching is released before the first call is served.
        if (IsDue())
        {
            await Submit(new StockCommand.ExpireDue());
        }
        else if (ReminderOutOfSync)
        {
            await SyncReminderAsync();
        }

        ArmExpiry();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _expiry?.Close();
        return Task.CompletedTask;
    }

    public async Task<StockReply<ProductView>> CreateAsync(string name, long initialStock, int? maxPerUser = null, int? lowStockThreshold = null, string? actor = null)
    {
        var outcome = await Submit(new StockCommand.Create(name, initialStock, maxPerUser, lowStockThreshold, actor));
        return outcome.ToReply(outcome.Product);
    }

    public Task<StockReply<ProductView>> GetAsync() => Task.FromResult(
        _state.Exists
            ? new StockReply<ProductView> { Value = _state.ToView(Sku) }
            : new StockReply<ProductView> { Error = StockError.ProductNotFound });

    public async Task<StockReply<ProductView>> RestockAsync(long quantity, string? actor = null)
    {
        var outcome = await Submit(new StockCommand.Restock(quantity, actor));
        return outcome.ToReply(outcome.Product);
    }

    public async Task<StockReply<ProductView>> AdjustAsync(StockAdjustment adjustment)
    {
        var outcome = await Submit(new StockCommand.Adjust(adjustment, adjustment.Fingerprint()));
        return outcome.ToReply(outcome.Product);
    }

    public async Task<StockReply<ProductView>> UpdateSettingsAsync(ProductSettingsChange change)
    {
        var outcome = await Submit(new StockCommand.UpdateSettings(change));
        return outcome.ToReply(outcome.Product);
    }

    public async Task<StockReply<ReservationView>> ReserveAsync(ReserveRequest request)
    {
        var outcome = await Submit(new StockCommand.Reserve(request, ReserveRequestFingerprint.Of(request)));
        return outcome.ToReply(outcome.Reservation);
    }

    public async Task<StockReply<ReservationView>> ConfirmAsync(string reservationId, string? owner = null, string? actor = null)
    {
        var outcome = await Submit(new StockCommand.Confirm(reservationId, owner, actor));
        return outcome.ToReply(outcome.Reservation);
    }

    public async Task<StockReply<ReservationView>> CancelAsync(string reservationId, string? owner = null, string? actor = null)
    {
        var outcome = await Submit(new StockCommand.Cancel(reservationId, owner, actor));
        return outcome.ToReply(outcome.Reservation);
    }

    public async Task<StockReply<ReservationView>> GetReservationAsync(string reservationId, string? owner = null)
    {
        if (!_state.Exists)
        {
            return new StockReply<ReservationView> { Error = StockError.ProductNotFound };
        }

        if (!TextRules.IsClean(reservationId))
        {
            return new StockReply<ReservationView> { Error = StockError.InvalidInput };
        }

        var plan = new BatchPlan(Sku, _state, Now(), 0, NoneStored, NoneStored);
        var found = plan.Find(reservationId)
            ?? (await ledger.FindReservationsAsync(Sku, [reservationId])).GetValueOrDefault(reservationId);
        return found is null || !ReservationOwner.Allows(owner, found.View.Owner)
            ? new StockReply<ReservationView> { Error = StockError.ReservationNotFound }
            : new StockReply<ReservationView> { Value = found.View };
    }

    public async Task<int> ExpireDueAsync() => (await Submit(new StockCommand.ExpireDue())).Released;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ExpiryReminder && IsDue())
        {
            await Submit(new StockCommand.ExpireDue());
        }
    }

    private async Task OnExpiryTimerAsync(CancellationToken cancellationToken)
    {
        _expiry!.Fired();
        if (IsDue())
        {
            await Submit(new StockCommand.ExpireDue());
        }
        else if (ReminderOutOfSync && !_writing)
        {
            await SyncReminderAsync();
        }

        ArmExpiry();
    }

    private bool IsDue() => _state.NextExpiry is { } next && next <= Now();

    private bool ReminderOutOfSync => _state.PendingCount > 0 != _reminderRegistered;

    /// <summary>
    /// Arms the expiry timer for the earliest pending expiry (or a reminder update to try again), or disarms
    /// it: called after every change to the pending set (each batch, each activation) and each time it fires.
    /// </summary>
    private void ArmExpiry()
    {
        if (!ReminderOutOfSync)
        {
            _reminderRetryAt = null;
        }

        var due = _state.NextExpiry;
        if (_reminderRetryAt is { } retry && (due is null || retry < due))
        {
            due = retry;
        }

        _expiry?.Set(due, Now());
    }

    private Task<CommandOutcome> Submit(StockCommand command)
    {
        var queued = new QueuedCommand(command);
        _queue.Add(queued);
        if (!_writing)
        {
            _writing = true;
            _ = WriteLoopAsync();
        }

        return queued.Outcome;
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (_queue.Count > 0)
            {
                var batch = TakeBatch();
                await ProcessBatchAsync(batch);
                MaybeWriteSnapshot();
                if (ReminderOutOfSync)
                {
                    await SyncReminderAsync();
                }

                ArmExpiry();
            }
        }
        catch (Exception ex)
        {
            LogWriteLoopFailed(ex, Sku);
            _stale = true;
            foreach (var queued in _queue)
            {
                queued.Complete(CommandOutcome.Failed(StockError.Unavailable));
            }

            _queue.Clear();
        }
        finally
        {
            _writing = false;
            ArmExpiry();
        }
    }

    /// <summary>
    /// Takes up to the batch limit; a create goes alone because it also claims the catalog, and a settings
    /// change because it writes the catalog instead of the ledger, between the batches it separates.
    /// </summary>
    private List<QueuedCommand> TakeBatch()
    {
        var count = 0;
        while (count < _queue.Count && count < _options.MaxBatchCommands)
        {
            var alone = _queue[count].Command is StockCommand.Create or StockCommand.UpdateSettings;
            if (alone && count > 0)
            {
                break;
            }

            count++;
            if (alone)
            {
                break;
            }
        }

        var batch = _queue.GetRange(0, count);
        _queue.RemoveRange(0, count);
        return batch;
    }

    private async Task ProcessBatchAsync(List<QueuedCommand> batch)
    {
        if (batch is [{ Command: StockCommand.UpdateSettings settings } queued])
        {
            await ProcessSettingsAsync(queued, settings.Change);
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            BatchPlan plan;
            try
            {
                if (_stale)
                {
                    await LoadAsync(CancellationToken.None);
                }

                plan = await PlanAsync(batch, trustUnusedKeys: attempt == 1);
            }
            catch (Exception ex)
            {
                LogReadFailed(ex, Sku);
                Fail(batch, StockError.Unavailable);
                return;
            }

            if (plan.Events.Count == 0)
            {
                Complete(batch, plan, attempt);
                return;
            }

            var started = time.GetTimestamp();
            try
            {
                // Computed from committed state before each event, so each threshold is crossed at its own version.
                var outbox = _options.WriteEvents ? LedgerOutbox.Of(Sku, _state, plan.Events) : null;
                await ledger.AppendAsync(Sku, _epoch, _state.Version, plan.Events, outbox);
            }
            catch (LedgerConflictException ex)
            {
                // Another activation wrote this SKU: what we decided rests on a stale view.
                metrics.Conflict();
                LogConflict(Sku, ex.ExpectedVersion, attempt);
                _stale = true;
                if (attempt > _options.ConflictRetries)
                {
                    Fail(batch, StockError.Unavailable);
                    return;
                }

                continue;
            }
            catch (LedgerFencedException)
            {
                // A newer activation of this SKU exists (this one's silo was declared dead, say):
                // answer unavailable (the API retries, and the retry reaches the new activation) and
                // leave, rather than claim the SKU back and fence the other in turn.
                metrics.Fenced();
                LogFenced(Sku, _epoch);
                Fail(batch, StockError.Unavailable);
                DeactivateOnIdle();
                return;
            }
            catch (ProductAlreadyCatalogedException)
            {
                Fail(batch, StockError.ProductExists);
                return;
            }
            catch (LedgerDataException ex)
            {
                // One command's value that PostgreSQL refuses must not fail the others: nothing was
                // committed, so the batch is split in halves and each decided and appended again,
                // until the command at fault is alone and is refused as bad input (never 503).
                metrics.WriteFailed();
                LogDataRefused(ex, Sku, ex.SqlState, batch.Count);
                if (batch.Count == 1)
                {
                    Fail(batch, StockError.InvalidInput);
                    return;
                }

                var half = batch.Count / 2;
                await ProcessBatchAsync(batch.GetRange(0, half));
                await ProcessBatchAsync(batch.GetRange(half, batch.Count - half));
                return;
            }
            catch (Exception ex)
            {
                // The commit may or may not have happened: answer 503 and re-read before the next batch.
                metrics.WriteFailed();
                LogAppendFailed(ex, Sku);
                _stale = true;
                Fail(batch, StockError.Unavailable);
                return;
            }

            foreach (var e in plan.Events)
            {
                _state.Apply(Sku, e);
            }

            metrics.Appended(batch.Count, plan.Events.Count, time.GetElapsedTime(started).TotalMilliseconds);
            // Before the callers are answered: one that reads the timer's state next sees it for this batch.
            ArmExpiry();
            Complete(batch, plan, attempt);
            if (plan.MoreDue)
            {
                _queue.Add(new QueuedCommand(new StockCommand.ExpireDue()));
            }

            return;
        }
    }

    /// <param name="trustUnusedKeys">Whether to take <see cref="ReserveRequest.KeyIsUnused"/> at its word. Not
    /// after a conflict: a caller wrong about its key makes the append collide on the key's unique index,
    /// and the retry must then look the key up rather than collide again.</param>
    private async Task<BatchPlan> PlanAsync(List<QueuedCommand> batch, bool trustUnusedKeys)
    {
        // Reservations and keys the grain no longer holds in memory are fetched in one read per kind.
        HashSet<string>? ids = null;
        HashSet<string>? keys = null;
        HashSet<string>? adjustmentKeys = null;
        foreach (var queued in batch)
        {
            switch (queued.Command)
            {
                case StockCommand.Confirm { ReservationId: var id } when IsForgotten(id):
                case StockCommand.Cancel { ReservationId: var cancelId } when IsForgotten(id = cancelId):
                    (ids ??= new(StringComparer.Ordinal)).Add(id);
                    break;
                case StockCommand.Reserve { Request: { ScopedIdempotencyKey: { } key } request }
                    when TextRules.IsClean(request) && !(trustUnusedKeys && request.KeyIsUnused) && _state.FindPendingByKey(key) is null && _state.FindRecentByKey(key) is null:
                    (keys ??= new(StringComparer.Ordinal)).Add(key);
                    break;
                case StockCommand.Adjust { Adjustment: { ScopedIdempotencyKey: { } adjustmentKey } adjustment }
                    when TextRules.IsClean(adjustment.Actor) && TextRules.IsIdempotencyKeyOrNone(adjustment.IdempotencyKey)
                        && _state.FindAdjustmentHash(adjustmentKey) is null:
                    (adjustmentKeys ??= new(StringComparer.Ordinal)).Add(adjustmentKey);
                    break;
            }
        }

        var storedById = ids is null ? NoneStored : await ledger.FindReservationsAsync(Sku, ids);
        var storedByKey = keys is null ? NoneStored : await ledger.FindByIdempotencyKeysAsync(Sku, keys);
        var storedAdjustments = adjustmentKeys is null ? null : await ledger.FindAdjustmentKeysAsync(Sku, adjustmentKeys);
        var plan = new BatchPlan(Sku, _state, Now(), _options.MaxBatchEvents, storedById, storedByKey, storedAdjustments);
        foreach (var queued in batch)
        {
            plan.Decide(queued.Command);
        }

        return plan;
    }

    // An id or key that BatchPlan refuses is not looked up: PostgreSQL would refuse the read, and the whole batch with it.
    private bool IsForgotten(string reservationId) =>
        TextRules.IsClean(reservationId) && _state.Exists && _state.FindPending(reservationId) is null && _state.FindRecent(reservationId) is null;

    private void Complete(List<QueuedCommand> batch, BatchPlan plan, int attempts)
    {
        ProductView? product = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var outcome = plan.Outcomes[i] with { Attempts = attempts };
            if (outcome.Error == StockError.None && batch[i].Command is StockCommand.Create or StockCommand.Restock or StockCommand.Adjust)
            {
                outcome = outcome with { Product = product ??= _state.ToView(Sku) };
            }

            batch[i].Complete(outcome);
        }
    }

    private static void Fail(List<QueuedCommand> batch, StockError error)
    {
        foreach (var queued in batch)
        {
            queued.Complete(CommandOutcome.Failed(error));
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _snapshotWrite;
        await snapshot.ReadStateAsync(cancellationToken);
        var state = StockState.FromSnapshot(snapshot.State, finished, Sku);
        foreach (var e in await ledger.ReadAfterAsync(Sku, state.Version, cancellationToken))
        {
            state.Apply(Sku, e);
        }

        // The catalog has the settings: a PATCH changes them without a ledger row or a new snapshot.
        if (state.Exists && await ledger.ReadSettingsAsync(Sku, cancellationToken) is { } settings)
        {
            state.ApplySettings(settings.MaxPerUser, settings.LowStockThreshold, await HeldForLimitAsync(state, settings.MaxPerUser, cancellationToken));
        }

        _snapshotVersion = snapshot.State.Version;
        _state = state;
        _stale = false;
    }

    /// <summary>
    /// A settings change, between two batches: a limit set from now on holds against what each user holds
    /// already, so those counts are taken first; the catalog row is written under this activation's claim.
    /// </summary>
    private async Task ProcessSettingsAsync(QueuedCommand queued, ProductSettingsChange change)
    {
        ProductSettings settings;
        IReadOnlyDictionary<string, long>? held;
        try
        {
            if (_stale)
            {
                await LoadAsync(CancellationToken.None);
            }

            if (!_state.Exists)
            {
                queued.Complete(CommandOutcome.Failed(StockError.ProductNotFound));
                return;
            }

            settings = new ProductSettings(change.MaxPerUserOr(_state.MaxPerUser), change.LowStockThresholdOr(_state.LowStockThreshold));
            if (settings.MaxPerUser is < 1 || settings.LowStockThreshold is < 0)
            {
                queued.Complete(CommandOutcome.Failed(StockError.InvalidInput));
                return;
            }

            if (settings == new ProductSettings(_state.MaxPerUser, _state.LowStockThreshold))
            {
                queued.Complete(new CommandOutcome { Product = _state.ToView(Sku) });
                return;
            }

            held = await HeldForLimitAsync(_state, settings.MaxPerUser, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogReadFailed(ex, Sku);
            queued.Complete(CommandOutcome.Failed(StockError.Unavailable));
            return;
        }

        try
        {
            await ledger.UpdateSettingsAsync(Sku, _epoch, settings);
        }
        catch (LedgerFencedException)
        {
            metrics.Fenced();
            LogFenced(Sku, _epoch);
            queued.Complete(CommandOutcome.Failed(StockError.Unavailable));
            DeactivateOnIdle();
            return;
        }
        catch (Exception ex)
        {
            // It may or may not have been written: the next batch reads the settings again.
            metrics.WriteFailed();
            LogAppendFailed(ex, Sku);
            _stale = true;
            queued.Complete(CommandOutcome.Failed(StockError.Unavailable));
            return;
        }

        _state.ApplySettings(settings.MaxPerUser, settings.LowStockThreshold, held);
        queued.Complete(new CommandOutcome { Product = _state.ToView(Sku) });
    }

    /// <summary>
    /// What each user holds, when <paramref name="maxPerUser"/> is a limit <paramref name="state"/> has not been
    /// counting for (null otherwise): from memory while nothing was ever sold (every holding is then a pending
    /// reservation, all of which are in memory), else from the ledger in one read.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, long>?> HeldForLimitAsync(StockState state, int? maxPerUser, CancellationToken cancellationToken) =>
        maxPerUser is null || state.MaxPerUser is not null ? null
        : state.Sold == 0 ? state.PendingHeldByUser()
        : await ledger.ReadHeldAsync(Sku, cancellationToken);

    /// <summary>
    /// Snapshots every max(SnapshotEvery, pending) events, so the O(state) snapshot costs O(1) per
    /// event however deep the backlog. It runs beside the write loop: the ledger is the truth.
    /// </summary>
    private void MaybeWriteSnapshot()
    {
        var due = _state.Version - _snapshotVersion >= Math.Max(_options.SnapshotEvery, _state.PendingCount);
        if (due && _snapshotWrite.IsCompleted && !_stale)
        {
            _snapshotWrite = WriteSnapshotAsync();
        }
    }

    private async Task WriteSnapshotAsync()
    {
        var taken = _state.ToSnapshot();
        snapshot.State = taken;
        try
        {
            await snapshot.WriteStateAsync();
            _snapshotVersion = taken.Version;
            metrics.SnapshotWritten();
        }
        catch (InconsistentStateException ex)
        {
            // A newer activation wrote the snapshot: this one is stale and must re-read.
            LogSnapshotConflict(ex, Sku);
            _stale = true;
        }
        catch (Exception ex)
        {
            LogSnapshotFailed(ex, Sku);
        }
    }

    private async Task SyncReminderAsync()
    {
        try
        {
            if (_state.PendingCount > 0)
            {
                await this.RegisterOrUpdateReminder(ExpiryReminder, _options.ExpiryReminderPeriod, _options.ExpiryReminderPeriod);
                _reminderRegistered = true;
            }
            else if (await this.GetReminder(ExpiryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
                _reminderRegistered = false;
            }
            else
            {
                _reminderRegistered = false;
            }

            _reminderRetryAt = null;
        }
        catch (Exception ex)
        {
            LogReminderFailed(ex, Sku);
            _reminderRetryAt = Now() + _options.ExpiryReminderPeriod;
        }
    }

    private DateTime Now() => time.UtcNowToMillisecond();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ledger conflict on {Sku} at version {Version} (attempt {Attempt}): re-reading.")]
    private partial void LogConflict(string sku, long version, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ledger append for {Sku} failed; the batch is answered 503.")]
    private partial void LogAppendFailed(Exception ex, string sku);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL refused the data of a ledger append for {Sku} ({SqlState}); the batch of {Count} command(s) is split.")]
    private partial void LogDataRefused(Exception ex, string sku, string sqlState, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the state of {Sku} failed; the batch is answered 503.")]
    private partial void LogReadFailed(Exception ex, string sku);

    [LoggerMessage(Level = LogLevel.Error, Message = "Write loop of {Sku} failed.")]
    private partial void LogWriteLoopFailed(Exception ex, string sku);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ledger of {Sku} was claimed by a newer activation after epoch {Epoch}: this one steps down.")]
    private partial void LogFenced(string sku, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of {Sku} was written by another activation.")]
    private partial void LogSnapshotConflict(Exception ex, string sku);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of {Sku} failed; the ledger still holds every event.")]
    private partial void LogSnapshotFailed(Exception ex, string sku);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiry reminder of {Sku} could not be updated.")]
    private partial void LogReminderFailed(Exception ex, string sku);
}
