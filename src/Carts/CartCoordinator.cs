using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines;

namespace Orleans.Stock.Carts;

/// <summary>
/// The cart state machine of docs/api.md's "Multi-line reservations", in the API process so that it
/// reaches every engine (the sql engine lives here, not in a silo). Each decision is recorded in
/// PostgreSQL before it is acted on, under a lease, so a coordinator that dies leaves a cart the
/// recovery can finish: a cart is never half-reserved once its answer is given.
/// </summary>
public sealed partial class CartCoordinator(
    CartStore store,
    ProductCatalog catalog,
    StockEngines engines,
    CartLineReserver reserver,
    CartFinisher finisher,
    CartReader reader,
    CartInstance instance,
    CartMetrics metrics,
    TimeProvider time,
    IOptions<CartOptions> options,
    ILogger<CartCoordinator> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly CartOptions _options = options.Value;

    /// <param name="owner">Who makes the cart (the API key id); null: none. The Idempotency-Key is scoped to it.</param>
    public async Task<CartOutcome> CreateAsync(CartOrder order, string? idempotencyKey, string? strategy, string? owner, CancellationToken cancellationToken)
    {
        idempotencyKey = ReservationOwner.ScopeKey(owner, idempotencyKey);
        var started = Stopwatch.GetTimestamp();
        var userId = order.UserId;
        var ttl = order.TtlSeconds;
        var lines = order.Lines.Select(l => (l.Sku, l.Quantity)).ToList();
        var hash = CartRequestFingerprint.Of(userId, ttl, lines);

        // A second pass only when a concurrent request with the same key recorded its cart first.
        for (var pass = 0; ; pass++)
        {
            if (idempotencyKey is not null && await ReplayAsync(idempotencyKey, hash, cancellationToken) is { } replay)
            {
                return replay;
            }

            var engineNames = new string[lines.Count];
            for (var i = 0; i < lines.Count; i++)
            {
                // Nothing is recorded or reserved before every SKU is known: the first unknown one, in line order, answers.
                if (await catalog.FindEngineAsync(lines[i].Sku, cancellationToken) is not { } engine)
                {
                    return CartOutcome.ProductNotFound(lines[i].Sku);
                }

                engineNames[i] = engine;
            }

            if (strategy is not null && !engineNames.Any(n => engines[n].Strategies.Contains(strategy)))
            {
                var known = engineNames.Distinct().SelectMany(n => engines[n].Strategies).Distinct();
                return CartOutcome.UnknownStrategy(strategy, known);
            }

            var now = time.UtcNowToMillisecond();
            var cart = new CartRecord(
                Guid.CreateVersion7(now).ToString("N"), userId, ttl, CartStatus.Reserving, idempotencyKey, hash, strategy, null,
                now, now.AddSeconds(ttl),
                lines.Select((l, i) => new CartLineRecord(i, l.Sku, l.Quantity, engineNames[i], null)).ToList(), owner);
            var leaseOwner = instance.NewLeaseOwner();
            if (await store.InsertAsync(cart, leaseOwner, _options.LeaseDuration, cancellationToken))
            {
                // Recorded: from here on the cart is finished whatever the client does, so the
                // request's cancellation no longer applies (the recovery would finish it anyway, later).
                return await ReserveRecordedAsync(cart, leaseOwner, started);
            }

            if (pass > 0)
            {
                return CartOutcome.InProgress();
            }
        }
    }

    /// <param name="owner">The caller's owner; null: any. Another owner's cart is not found.</param>
    public async Task<CartOutcome> ReadAsync(string cartId, string? owner, CancellationToken cancellationToken)
    {
        var cart = await store.FindAsync(cartId, cancellationToken);
        return cart is null || !cart.Status.IsAcknowledged() || !ReservationOwner.Allows(owner, cart.Owner)
            ? CartOutcome.NotFound(cartId)
            : await OkAsync(cart, cancellationToken);
    }

    /// <summary>Confirm or cancel every line, all or nothing, with the single-line rules.</summary>
    /// <param name="owner">The caller's owner; null: any. Another owner's cart is not found.</param>
    public async Task<CartOutcome> CompleteAsync(string cartId, CartStatus target, string? owner, CancellationToken cancellationToken)
    {
        var confirming = target == CartStatus.Confirmed;
        var inProgress = confirming ? CartStatus.Confirming : CartStatus.Cancelling;
        // The other way, decided or done: this one is refused with the state that other one leads to.
        var (opposite, oppositeInProgress) = confirming ? (CartStatus.Cancelled, CartStatus.Cancelling) : (CartStatus.Confirmed, CartStatus.Confirming);
        var deadline = time.GetUtcNow() + _options.InProgressWait;
        while (true)
        {
            var cart = await store.FindAsync(cartId, cancellationToken);
            if (cart is null || !cart.Status.IsAcknowledged() || !ReservationOwner.Allows(owner, cart.Owner))
            {
                return CartOutcome.NotFound(cartId);
            }

            if (cart.Status == target)
            {
                return await OkAsync(cart, cancellationToken);
            }

            if (cart.Status == opposite || cart.Status == oppositeInProgress)
            {
                return CartOutcome.NotPending(cartId, confirming ? ReservationStatus.Cancelled : ReservationStatus.Confirmed);
            }

            var leaseOwner = instance.NewLeaseOwner();
            if (cart.Status == CartStatus.Pending)
            {
                var now = time.UtcNowToMillisecond();
                if (now >= cart.ExpiresAt)
                {
                    // Refused even if the engines have not released the lines yet, as for one line.
                    return CartOutcome.NotPending(cartId, ReservationStatus.Expired);
                }

                if (confirming && await CheckLinesConfirmableAsync(cart, cancellationToken) is { } refused)
                {
                    return refused;
                }

                if (await store.BeginCompletionAsync(cartId, inProgress, leaseOwner, _options.LeaseDuration, time.UtcNowToMillisecond(), cancellationToken))
                {
                    return await FinishCompletionAsync(cart with { Status = inProgress }, leaseOwner);
                }

                // Someone else moved it first: look again.
                continue;
            }

            // Decided already and left unfinished (an engine was unreachable): finish it, unless
            // someone is working on it right now, whom we then give a moment.
            if (await store.TryTakeLeaseAsync(cartId, inProgress, leaseOwner, _options.LeaseDuration, cancellationToken))
            {
                return await FinishCompletionAsync(cart, leaseOwner);
            }

            if (time.GetUtcNow() >= deadline)
            {
                return CartOutcome.InProgress();
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private async Task<CartOutcome> ReserveRecordedAsync(CartRecord cart, string owner, long started)
    {
        await using var lease = CartLease.Hold(store, cart.Id, owner, _options.LeaseDuration, time, logger);
        var outcomes = await reserver.ReserveAsync(cart, CancellationToken.None);
        if (outcomes.All(o => o.State == LineState.Reserved))
        {
            var reservations = outcomes.Select((o, i) => (i, o.ReservationId!)).ToList();
            if (!await store.MarkPendingAsync(cart.Id, owner, reservations, time.UtcNowToMillisecond(), CancellationToken.None))
            {
                // Too slow: the recovery took the cart and is releasing it. It was never acknowledged.
                LogLeaseLost(cart.Id);
                return CartOutcome.Unavailable(null);
            }

            metrics.Created(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var lines = cart.Lines.Select((l, i) => new CartLineResponse(
                l.Sku, outcomes[i].ReservationId!, l.Quantity, l.Engine, outcomes[i].Reservation?.Status ?? ReservationStatus.Pending, outcomes[i].Strategy)).ToList();
            return CartOutcome.Created(CartReader.ToResponse(cart, ReservationStatus.Pending, lines));
        }

        var failure = FirstFailure(cart, outcomes);
        var reserved = outcomes.Select((o, i) => (i, o)).Where(x => x.o.State == LineState.Reserved).Select(x => (x.i, x.o.ReservationId!)).ToList();
        if (!await store.BeginCompensationAsync(cart.Id, owner, failure, reserved, time.UtcNowToMillisecond(), CancellationToken.None))
        {
            LogLeaseLost(cart.Id);
            return CartOutcome.Unavailable(null);
        }

        // Released now, or (an engine unreachable) by the recovery within seconds: the answer is the failure either way.
        await finisher.CompensateAsync(cart with { Status = CartStatus.Compensating, Failure = failure }, outcomes, lease, CancellationToken.None);
        metrics.Failed(failure.Code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return CartOutcome.From(failure);
    }

    private async Task<CartOutcome> FinishCompletionAsync(CartRecord cart, string owner)
    {
        CartRecord finished;
        ReservationStatus[]? statuses;
        await using (var lease = CartLease.Hold(store, cart.Id, owner, _options.LeaseDuration, time, logger))
        {
            // An unreachable engine: the lease is given up at once, so the client's retry can finish it.
            statuses = await finisher.CompleteAsync(cart, lease, CancellationToken.None, retryDelay: TimeSpan.Zero);
            finished = cart with { Status = cart.Status == CartStatus.Confirming ? CartStatus.Confirmed : CartStatus.Cancelled };
        }

        if (statuses is null)
        {
            return CartOutcome.InProgress();
        }

        var lines = cart.Lines.Select((l, i) => new CartLineResponse(l.Sku, l.ReservationId!, l.Quantity, l.Engine, statuses[i])).ToList();
        return CartOutcome.Ok(CartReader.ToResponse(finished, CartReader.StatusOf(finished, time.UtcNowToMillisecond()), lines));
    }

    /// <summary>
    /// The answer for a live cart that already holds the key: 422 for another body, else the cart.
    /// A cart still being reserved or released is waited for; one that failed has let go of the key.
    /// </summary>
    private async Task<CartOutcome?> ReplayAsync(string key, long hash, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + _options.InProgressWait;
        while (true)
        {
            var existing = await store.FindByIdempotencyKeyAsync(key, cancellationToken);
            if (existing is null)
            {
                return null;
            }

            if (existing.RequestHash != hash)
            {
                return CartOutcome.IdempotencyKeyReused();
            }

            if (existing.Status.IsAcknowledged())
            {
                return await OkAsync(existing, cancellationToken);
            }

            if (time.GetUtcNow() >= deadline)
            {
                return CartOutcome.InProgress();
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>
    /// A line cancelled on its own under its SKU (or expired early on a skewed clock) would make a
    /// confirm sell only part of the cart: refuse it before anything is confirmed.
    /// </summary>
    private async Task<CartOutcome?> CheckLinesConfirmableAsync(CartRecord cart, CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(cart, cancellationToken) is not { } current)
        {
            return CartOutcome.Unavailable(null);
        }

        return current.Lines.FirstOrDefault(l => l.Status is ReservationStatus.Cancelled or ReservationStatus.Expired) is { } line
            ? CartOutcome.NotPending(cart.Id, line.Status, line.Sku)
            : null;
    }

    private async Task<CartOutcome> OkAsync(CartRecord cart, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cart, cancellationToken) is { } response
            ? CartOutcome.Ok(response)
            : CartOutcome.Unavailable(null);

    /// <summary>
    /// The answer of a failed cart: the first line, in line order, that was definitely refused for
    /// a reason the client can act on (no such product, not enough stock, the user's limit); else the first line
    /// whose engine could not answer, as 503.
    /// </summary>
    private static CartFailure FirstFailure(CartRecord cart, LineOutcome[] outcomes)
    {
        for (var i = 0; i < outcomes.Length; i++)
        {
            switch (outcomes[i].Refusal)
            {
                case { Error: StockError.ProductNotFound }:
                    return new CartFailure(StockErrorCodes.ProductNotFound, cart.Lines[i].Sku, null);
                case { Error: StockError.InsufficientStock } refusal:
                    return new CartFailure(StockErrorCodes.InsufficientStock, cart.Lines[i].Sku, refusal.Available);
                case { Error: StockError.LimitExceeded } refusal:
                    return new CartFailure(StockErrorCodes.LimitExceeded, cart.Lines[i].Sku, null, refusal.MaxPerUser, refusal.Held);
            }
        }

        // Unknown outcomes, an engine's 503, or a derived key that is not the line's (a client used
        // "cart:..." as its own key): a retry (a new cart, new keys) may well succeed.
        var first = Array.FindIndex(outcomes, o => o.State is LineState.Unknown or LineState.Refused);
        return new CartFailure(StockErrorCodes.Unavailable, first >= 0 ? cart.Lines[first].Sku : null, null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cart {CartId}: lease lost before the answer; the recovery finishes the cart and the client gets 503.")]
    private partial void LogLeaseLost(string cartId);
}
