using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Carts;

/// <summary>
/// Drives a cart from an in-progress state to its end, under a held lease: the request that
/// started it and the recovery that took it over run the same steps, and every step is safe to
/// repeat. When an engine cannot be reached the lease is given up for a retry later.
/// </summary>
public sealed class CartFinisher(
    CartStore store,
    CartCompensator compensator,
    CartCompleter completer,
    TimeProvider time,
    IOptions<CartOptions> options)
{
    /// <summary>Finishes whatever in-progress state <paramref name="cart"/> was recorded in; true when it reached its end.</summary>
    public async Task<bool> FinishAsync(CartRecord cart, CartLease lease, CancellationToken cancellationToken)
    {
        switch (cart.Status)
        {
            case CartStatus.Reserving:
                // Its coordinator died before it knew the outcome: whatever it reserved is released,
                // and the cart fails as unavailable (the client got a 503 or no answer at all).
                var failure = new CartFailure(StockErrorCodes.Unavailable, null, null);
                if (!await store.BeginCompensationAsync(cart.Id, lease.Owner, failure, [], Now(), cancellationToken))
                {
                    return false;
                }

                return await CompensateAsync(cart with { Status = CartStatus.Compensating, Failure = failure }, Recorded(cart), lease, cancellationToken);
            case CartStatus.Compensating:
                return await CompensateAsync(cart, Recorded(cart), lease, cancellationToken);
            case CartStatus.Confirming or CartStatus.Cancelling:
                return await CompleteAsync(cart, lease, cancellationToken) is not null;
            default:
                return true;
        }
    }

    /// <summary>Releases every line of a compensating cart, then records it failed.</summary>
    public async Task<bool> CompensateAsync(CartRecord cart, IReadOnlyList<LineOutcome> outcomes, CartLease lease, CancellationToken cancellationToken)
    {
        if (!await compensator.CompensateAsync(cart, outcomes, cancellationToken))
        {
            await lease.ReleaseAsync(options.Value.RetryDelay);
            return false;
        }

        return await store.FinishAsync(cart.Id, lease.Owner, CartStatus.Compensating, CartStatus.Failed, Now(), cancellationToken);
    }

    /// <summary>
    /// Confirms or cancels every line of a confirming or cancelling cart, then records the end
    /// state. Returns each line's status, or null when it could not finish (the lease is given up).
    /// </summary>
    public async Task<ReservationStatus[]?> CompleteAsync(CartRecord cart, CartLease lease, CancellationToken cancellationToken, TimeSpan? retryDelay = null)
    {
        var target = cart.Status == CartStatus.Confirming ? CartStatus.Confirmed : CartStatus.Cancelled;
        var statuses = await completer.CompleteAsync(cart, target, cancellationToken);
        if (statuses is null)
        {
            await lease.ReleaseAsync(retryDelay ?? options.Value.RetryDelay);
            return null;
        }

        return await store.FinishAsync(cart.Id, lease.Owner, cart.Status, target, Now(), cancellationToken) ? statuses : null;
    }

    /// <summary>What a cart's record knows of its lines: a recorded reservation, or nothing known.</summary>
    private static LineOutcome[] Recorded(CartRecord cart) =>
        cart.Lines.Select(l => l.ReservationId is { } id ? LineOutcome.Recorded(id) : LineOutcome.Unknown).ToArray();

    private DateTime Now() => time.UtcNowToMillisecond();
}
