using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Stock.Api.Catalog;
using Orleans.Stock.Api.Endpoints;
using Orleans.Stock.Api.Engines;
using Orleans.Stock.Api.Problems;
using Orleans.Stock.Api.Validation;
using Orleans.Stock.Grains.Contracts;

namespace Orleans.Stock.Api.Carts;

/// <summary>
/// The cart state machine of API.md's "Multi-line reservations", in the API process so that it
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

    public async Task<IResult> CreateAsync(CreateCartRequest body, string? idempotencyKey, string? strategy, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var errors = body.Validate();
        if (idempotencyKey is not null && !InputRules.IdempotencyKey().IsMatch(idempotencyKey))
        {
            errors.Add(ReservationEndpoints.IdempotencyHeader,
                $"'{ReservationEndpoints.IdempotencyHeader}' must be 1-{InputRules.MaxIdempotencyKeyLength} visible ASCII characters.");
        }

        if (!errors.IsEmpty)
        {
            return StockProblems.ValidationFailed(errors);
        }

        var userId = body.UserId!;
        var ttl = body.EffectiveTtlSeconds;
        var lines = body.Lines!.Select(l => (Sku: l!.Sku!, Quantity: l.Quantity!.Value)).ToList();
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
                    return CartProblems.ProductNotFound(lines[i].Sku);
                }

                engineNames[i] = engine;
            }

            if (strategy is not null && !engineNames.Any(n => engines[n].Strategies.Contains(strategy)))
            {
                var known = engineNames.Distinct().SelectMany(n => engines[n].Strategies).Distinct();
                return StockProblems.ValidationFailed(ReservationEndpoints.StrategyHeader,
                    $"'{strategy}' is not a strategy of any engine in this cart; use one of: {string.Join(", ", known)}.");
            }

            var now = time.UtcNowToMillisecond();
            var cart = new CartRecord(
                Guid.CreateVersion7(now).ToString("N"), userId, ttl, CartStatus.Reserving, idempotencyKey, hash, strategy, null,
                now, now.AddSeconds(ttl),
                lines.Select((l, i) => new CartLineRecord(i, l.Sku, l.Quantity, engineNames[i], null)).ToList());
            var owner = instance.NewLeaseOwner();
            if (await store.InsertAsync(cart, owner, _options.LeaseDuration, cancellationToken))
            {
                // Recorded: from here on the cart is finished whatever the client does, so the
                // request's cancellation no longer applies (the recovery would finish it anyway, later).
                return await ReserveRecordedAsync(cart, owner, started);
            }

            if (pass > 0)
            {
                return CartProblems.InProgress();
            }
        }
    }

    public async Task<IResult> ReadAsync(string cartId, CancellationToken cancellationToken)
    {
        if (CheckCartId(cartId) is { } invalid)
        {
            return invalid;
        }

        var cart = await store.FindAsync(cartId, cancellationToken);
        return cart is null || !cart.Status.IsAcknowledged()
            ? CartProblems.NotFound(cartId)
            : await OkAsync(cart, cancellationToken);
    }

    /// <summary>Confirm or cancel every line, all or nothing, with the single-line rules.</summary>
    public async Task<IResult> CompleteAsync(string cartId, CartStatus target, CancellationToken cancellationToken)
    {
        if (CheckCartId(cartId) is { } invalid)
        {
            return invalid;
        }

        var confirming = target == CartStatus.Confirmed;
        var inProgress = confirming ? CartStatus.Confirming : CartStatus.Cancelling;
        // The other way, decided or done: this one is refused with the state that other one leads to.
        var (opposite, oppositeInProgress) = confirming ? (CartStatus.Cancelled, CartStatus.Cancelling) : (CartStatus.Confirmed, CartStatus.Confirming);
        var deadline = time.GetUtcNow() + _options.InProgressWait;
        while (true)
        {
            var cart = await store.FindAsync(cartId, cancellationToken);
            if (cart is null || !cart.Status.IsAcknowledged())
            {
                return CartProblems.NotFound(cartId);
            }

            if (cart.Status == target)
            {
                return await OkAsync(cart, cancellationToken);
            }

            if (cart.Status == opposite || cart.Status == oppositeInProgress)
            {
                return CartProblems.NotPending(cartId, confirming ? ReservationStatus.Cancelled : ReservationStatus.Confirmed);
            }

            var owner = instance.NewLeaseOwner();
            if (cart.Status == CartStatus.Pending)
            {
                var now = time.UtcNowToMillisecond();
                if (now >= cart.ExpiresAt)
                {
                    // Refused even if the engines have not released the lines yet, as for one line.
                    return CartProblems.NotPending(cartId, ReservationStatus.Expired);
                }

                if (confirming && await CheckLinesConfirmableAsync(cart, cancellationToken) is { } refused)
                {
                    return refused;
                }

                if (await store.BeginCompletionAsync(cartId, inProgress, owner, _options.LeaseDuration, time.UtcNowToMillisecond(), cancellationToken))
                {
                    return await FinishCompletionAsync(cart with { Status = inProgress }, owner);
                }

                // Someone else moved it first: look again.
                continue;
            }

            // Decided already and left unfinished (an engine was unreachable): finish it, unless
            // someone is working on it right now, whom we then give a moment.
            if (await store.TryTakeLeaseAsync(cartId, inProgress, owner, _options.LeaseDuration, cancellationToken))
            {
                return await FinishCompletionAsync(cart, owner);
            }

            if (time.GetUtcNow() >= deadline)
            {
                return CartProblems.InProgress();
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private async Task<IResult> ReserveRecordedAsync(CartRecord cart, string owner, long started)
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
                return CartProblems.Unavailable(null);
            }

            metrics.Created(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var lines = cart.Lines.Select((l, i) => new CartLineResponse(
                l.Sku, outcomes[i].ReservationId!, l.Quantity, l.Engine, outcomes[i].Reservation?.Status ?? ReservationStatus.Pending, outcomes[i].Strategy)).ToList();
            return TypedResults.Created($"/api/reservations/{cart.Id}", CartReader.ToResponse(cart, ReservationStatus.Pending, lines));
        }

        var failure = FirstFailure(cart, outcomes);
        var reserved = outcomes.Select((o, i) => (i, o)).Where(x => x.o.State == LineState.Reserved).Select(x => (x.i, x.o.ReservationId!)).ToList();
        if (!await store.BeginCompensationAsync(cart.Id, owner, failure, reserved, time.UtcNowToMillisecond(), CancellationToken.None))
        {
            LogLeaseLost(cart.Id);
            return CartProblems.Unavailable(null);
        }

        // Released now, or (an engine unreachable) by the recovery within seconds: the answer is the failure either way.
        await finisher.CompensateAsync(cart with { Status = CartStatus.Compensating, Failure = failure }, outcomes, lease, CancellationToken.None);
        metrics.Failed(failure.Code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return CartProblems.From(failure);
    }

    private async Task<IResult> FinishCompletionAsync(CartRecord cart, string owner)
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
            return CartProblems.InProgress();
        }

        var lines = cart.Lines.Select((l, i) => new CartLineResponse(l.Sku, l.ReservationId!, l.Quantity, l.Engine, statuses[i])).ToList();
        return TypedResults.Ok(CartReader.ToResponse(finished, CartReader.StatusOf(finished, time.UtcNowToMillisecond()), lines));
    }

    /// <summary>
    /// The answer for a live cart that already holds the key: 422 for another body, else the cart.
    /// A cart still being reserved or released is waited for; one that failed has let go of the key.
    /// </summary>
    private async Task<IResult?> ReplayAsync(string key, long hash, CancellationToken cancellationToken)
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
                return CartProblems.IdempotencyKeyReused();
            }

            if (existing.Status.IsAcknowledged())
            {
                return await OkAsync(existing, cancellationToken);
            }

            if (time.GetUtcNow() >= deadline)
            {
                return CartProblems.InProgress();
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>
    /// A line cancelled on its own under its SKU (or expired early on a skewed clock) would make a
    /// confirm sell only part of the cart: refuse it before anything is confirmed.
    /// </summary>
    private async Task<IResult?> CheckLinesConfirmableAsync(CartRecord cart, CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(cart, cancellationToken) is not { } current)
        {
            return CartProblems.Unavailable(null);
        }

        return current.Lines.FirstOrDefault(l => l.Status is ReservationStatus.Cancelled or ReservationStatus.Expired) is { } line
            ? CartProblems.NotPending(cart.Id, line.Status, line.Sku)
            : null;
    }

    private async Task<IResult> OkAsync(CartRecord cart, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cart, cancellationToken) is { } response
            ? TypedResults.Ok(response)
            : CartProblems.Unavailable(null);

    /// <summary>
    /// The answer of a failed cart: the first line, in line order, that was definitely refused for
    /// a reason the client can act on (no such product, not enough stock); else the first line
    /// whose engine could not answer, as 503.
    /// </summary>
    private static CartFailure FirstFailure(CartRecord cart, LineOutcome[] outcomes)
    {
        for (var i = 0; i < outcomes.Length; i++)
        {
            switch (outcomes[i].Refusal)
            {
                case { Error: StockError.ProductNotFound }:
                    return new CartFailure(ProblemCodes.ProductNotFound, cart.Lines[i].Sku, null);
                case { Error: StockError.InsufficientStock } refusal:
                    return new CartFailure(ProblemCodes.InsufficientStock, cart.Lines[i].Sku, refusal.Available);
            }
        }

        // Unknown outcomes, an engine's 503, or a derived key that is not the line's (a client used
        // "cart:..." as its own key): a retry (a new cart, new keys) may well succeed.
        var first = Array.FindIndex(outcomes, o => o.State is LineState.Unknown or LineState.Refused);
        return new CartFailure(ProblemCodes.Unavailable, first >= 0 ? cart.Lines[first].Sku : null, null);
    }

    private static IResult? CheckCartId(string cartId) =>
        InputRules.ReservationId().IsMatch(cartId)
            ? null
            : StockProblems.ValidationFailed("cartId", "'cartId' must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cart {CartId}: lease lost before the answer; the recovery finishes the cart and the client gets 503.")]
    private partial void LogLeaseLost(string cartId);
}
