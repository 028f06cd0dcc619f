using Microsoft.Extensions.Options;

namespace Orleans.Stock.Carts;

/// <summary>
/// Finishes carts whose coordinator died mid-way (its API process killed, or stuck past its
/// lease): every <see cref="CartOptions.RecoveryInterval"/> it takes in-progress carts with a
/// lapsed lease and runs the step their state asks for — reserving or compensating: release
/// every line, failed; confirming: confirm every line; cancelling: cancel every line. Runs in
/// every API instance; the taking UPDATE hands each cart to one of them.
/// </summary>
public sealed partial class CartRecoveryService(
    CartStore store,
    CartFinisher finisher,
    CartInstance instance,
    CartMetrics metrics,
    TimeProvider time,
    IOptions<CartOptions> options,
    ILogger<CartRecoveryService> logger) : BackgroundService
{
    private readonly CartOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RecoveryInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RecoverLapsedAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Never let a failed pass end the service (or, by default, the host).
                LogPassFailed(ex);
            }
        }
    }

    /// <summary>One pass; returns how many carts it finished.</summary>
    public async Task<int> RecoverLapsedAsync(CancellationToken cancellationToken)
    {
        var owner = instance.NewLeaseOwner();
        var taken = await store.TakeLapsedAsync(owner, _options.LeaseDuration, _options.RecoveryBatch, cancellationToken);
        var finished = 0;
        await Parallel.ForEachAsync(
            taken,
            new ParallelOptions { MaxDegreeOfParallelism = _options.RecoveryParallelism, CancellationToken = cancellationToken },
            async (cartId, ct) =>
            {
                if (await RecoverAsync(cartId, owner, ct))
                {
                    Interlocked.Increment(ref finished);
                }
            });
        return finished;
    }

    private async Task<bool> RecoverAsync(string cartId, string owner, CancellationToken cancellationToken)
    {
        await using var lease = CartLease.Hold(store, cartId, owner, _options.LeaseDuration, time, logger);
        try
        {
            var cart = await store.FindAsync(cartId, cancellationToken);
            if (cart is null)
            {
                return false;
            }

            if (!await finisher.FinishAsync(cart, lease, cancellationToken))
            {
                LogNotYet(cartId, cart.Status);
                return false;
            }

            metrics.Recovered(cart.Status);
            LogRecovered(cartId, cart.Status);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The lease runs out and a later pass (here or in another instance) tries again.
            LogCartFailed(ex, cartId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered cart {CartId}, found {Status}.")]
    private partial void LogRecovered(string cartId, CartStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cart {CartId} ({Status}) could not be finished yet; it will be tried again.")]
    private partial void LogNotYet(string cartId, CartStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovering cart {CartId} failed; it will be tried again.")]
    private partial void LogCartFailed(Exception exception, string cartId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cart recovery pass failed; retrying on the next tick.")]
    private partial void LogPassFailed(Exception exception);
}
