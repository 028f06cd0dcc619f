using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines;

namespace Orleans.Stock.Carts;

/// <summary>Confirms or cancels every line of a cart whose confirm or cancel has been recorded.</summary>
public sealed partial class CartCompleter(StockEngines engines, ILogger<CartCompleter> logger)
{
    /// <summary>Each line's status afterwards, or null when a line's engine could not be reached (try again later).</summary>
    public async Task<ReservationStatus[]?> CompleteAsync(CartRecord cart, CartStatus target, CancellationToken cancellationToken)
    {
        var statuses = await Task.WhenAll(cart.Lines.Select(line => CompleteLineAsync(cart, line, target, cancellationToken)));
        return statuses.Any(s => s is null) ? null : statuses.Select(s => s!.Value).ToArray();
    }

    private async Task<ReservationStatus?> CompleteLineAsync(CartRecord cart, CartLineRecord line, CartStatus target, CancellationToken cancellationToken)
    {
        var engine = engines[line.Engine];
        var wanted = target == CartStatus.Confirmed ? ReservationStatus.Confirmed : ReservationStatus.Cancelled;
        try
        {
            var reply = wanted == ReservationStatus.Confirmed
                ? await engine.ConfirmAsync(line.Sku, line.ReservationId!, cart.Owner, cart.Owner, cancellationToken)
                : await engine.CancelAsync(line.Sku, line.ReservationId!, cart.Owner, cart.Owner, cancellationToken);
            switch (reply.Error)
            {
                case StockError.None:
                    return reply.Value!.Status;
                case StockError.Unavailable:
                    return null;
                case StockError.ReservationNotPending when wanted == ReservationStatus.Cancelled && reply.Status == ReservationStatus.Expired:
                    // Expired while the cancel was on its way: its units are back all the same.
                    return ReservationStatus.Expired;
                default:
                    // A line that expired before its cart (clocks apart) cannot be sold any more,
                    // nor can a sold line be released: the cart finishes with that line as it is.
                    LogLineNotCompleted(cart.Id, line.Sku, line.ReservationId!, wanted, reply.Error, reply.Status);
                    return reply.Status ?? wanted;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogLineFailed(ex, cart.Id, line.Sku, wanted);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cart {CartId}: line {Sku} was not {Wanted} yet; it will be tried again.")]
    private partial void LogLineFailed(Exception exception, string cartId, string sku, ReservationStatus wanted);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cart {CartId}: line {Sku} ({ReservationId}) could not be {Wanted}: {Error} ({Status}).")]
    private partial void LogLineNotCompleted(string cartId, string sku, string reservationId, ReservationStatus wanted, StockError error, ReservationStatus? status);
}
