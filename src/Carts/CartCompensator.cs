using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines;

namespace Orleans.Stock.Carts;

/// <summary>
/// Releases whatever a failed cart may hold. A reserved line is cancelled. A line whose outcome
/// is unknown is first reserved again with its own key and body: the engine then either replays
/// the reservation the lost call made or makes it now, and either way its answer names the one
/// reservation that key can ever have, which is then cancelled. That stays right if the first
/// call is still in flight: it will replay the same, now cancelled, reservation.
/// </summary>
public sealed partial class CartCompensator(StockEngines engines, ILogger<CartCompensator> logger)
{
    /// <summary>True when every line is known to hold nothing; false if one could not be released yet.</summary>
    public async Task<bool> CompensateAsync(CartRecord cart, IReadOnlyList<LineOutcome> outcomes, CancellationToken cancellationToken)
    {
        var released = await Task.WhenAll(cart.Lines.Select((line, i) => ReleaseAsync(cart, line, outcomes[i], cancellationToken)));
        return released.All(r => r);
    }

    private async Task<bool> ReleaseAsync(CartRecord cart, CartLineRecord line, LineOutcome outcome, CancellationToken cancellationToken)
    {
        var engine = engines[line.Engine];
        try
        {
            switch (outcome.State)
            {
                case LineState.Reserved:
                    return await CancelAsync(engine, cart, line, outcome.ReservationId!, cancellationToken);
                case LineState.Unknown:
                    var again = await engine.ReserveAsync(
                        line.Sku, CartLineKey.RequestFor(cart, line), CartLineReserver.StrategyFor(engine, cart.Strategy), cancellationToken);
                    return again.Error switch
                    {
                        StockError.None => await CancelAsync(engine, cart, line, again.Value!.ReservationId, cancellationToken),
                        StockError.Unavailable => false,
                        // Refused now (no product, no stock, the key not ours): the key holds no reservation of this line.
                        _ => true,
                    };
                default:
                    return true;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReleaseFailed(ex, cart.Id, line.Sku);
            return false;
        }
    }

    private async Task<bool> CancelAsync(IStockEngine engine, CartRecord cart, CartLineRecord line, string reservationId, CancellationToken cancellationToken)
    {
        var reply = await engine.CancelAsync(line.Sku, reservationId, cart.Owner, actor: null, cancellationToken);
        switch (reply.Error)
        {
            case StockError.None:
                return true;
            case StockError.Unavailable:
                return false;
            case StockError.ReservationNotPending when reply.Status != ReservationStatus.Confirmed:
                // Already cancelled (an earlier compensation) or expired: released either way.
                return true;
            default:
                // Nothing a retry could change; a confirmed line of a failed cart would be a bug.
                LogUnexpectedCancel(cart.Id, line.Sku, reservationId, reply.Error, reply.Status);
                return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cart {CartId}: could not release line {Sku} yet; it will be tried again.")]
    private partial void LogReleaseFailed(Exception exception, string cartId, string sku);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cart {CartId}: cancelling line {Sku} ({ReservationId}) answered {Error} ({Status}).")]
    private partial void LogUnexpectedCancel(string cartId, string sku, string reservationId, StockError error, ReservationStatus? status);
}
