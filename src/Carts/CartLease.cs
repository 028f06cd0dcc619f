namespace Orleans.Stock.Carts;

/// <summary>
/// A held claim on one cart, renewed in the background every third of its duration while the
/// holder works, so a slow but alive coordinator (a silo failover takes seconds) is never taken
/// over. If a renewal finds the lease gone (the holder was paused past it and the cart taken
/// over), renewals stop; the holder's next fenced write then fails and it stops too.
/// </summary>
public sealed partial class CartLease : IAsyncDisposable
{
    private readonly CartStore _store;
    private readonly TimeSpan _duration;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private bool _stopped;

    private CartLease(CartStore store, string cartId, string owner, TimeSpan duration, TimeProvider time, ILogger logger)
    {
        _store = store;
        _duration = duration;
        _logger = logger;
        CartId = cartId;
        Owner = owner;
        _renewals = RenewAsync(time);
    }

    public string CartId { get; }

    public string Owner { get; }

    /// <summary>Starts renewing a lease that <paramref name="owner"/> has just acquired.</summary>
    public static CartLease Hold(CartStore store, string cartId, string owner, TimeSpan duration, TimeProvider time, ILogger logger) =>
        new(store, cartId, owner, duration, time, logger);

    /// <summary>Gives the unfinished cart up: whoever comes next (a client's retry, the recovery) may take it after <paramref name="delay"/>.</summary>
    public async Task ReleaseAsync(TimeSpan delay)
    {
        // Renewals stop first, or one could push the lease out again after the release.
        await StopAsync();
        try
        {
            await _store.ReleaseLeaseAsync(CartId, Owner, delay, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Then the lease simply runs out: the cart is taken over a little later.
            LogReleaseFailed(_logger, ex, CartId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync();
        try
        {
            await _renewals;
        }
        catch (OperationCanceledException)
        {
            // Stopped while renewing: the lease runs out or was already cleared.
        }
    }

    private async Task RenewAsync(TimeProvider time)
    {
        using var timer = new PeriodicTimer(_duration / 3, time);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            try
            {
                if (!await _store.RenewLeaseAsync(CartId, Owner, _duration, _stop.Token))
                {
                    return;
                }
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                // The database may be back before the lease runs out; if not, the fence stops us.
                LogRenewalFailed(_logger, ex, CartId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of cart {CartId}; retrying.")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string cartId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the lease of cart {CartId}; it runs out on its own.")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string cartId);
}
