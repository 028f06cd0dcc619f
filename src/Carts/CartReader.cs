using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines;

namespace Orleans.Stock.Carts;

/// <summary>A recorded cart as the API shows it, each line's status read live from its engine.</summary>
public sealed class CartReader(StockEngines engines, TimeProvider time)
{
    /// <summary>The cart body, or null when a line's engine cannot be reached (the answer is then 503).</summary>
    public async Task<CartResponse?> ReadAsync(CartRecord cart, CancellationToken cancellationToken)
    {
        var status = StatusOf(cart, time.UtcNowToMillisecond());
        var lines = await Task.WhenAll(cart.Lines.Select(async line =>
        {
            var reply = await engines[line.Engine].GetReservationAsync(line.Sku, line.ReservationId!, cart.Owner, cancellationToken);
            if (reply.Error == StockError.Unavailable)
            {
                return null;
            }

            if (!reply.IsSuccess)
            {
                throw new InvalidOperationException($"Cart {cart.Id}: line {line.Sku} ({line.ReservationId}) reads {reply.Error}.");
            }

            // A line expires a few milliseconds after its cart (it was reserved just after the cart
            // was recorded); an expired cart shows its lines expired with it.
            var lineStatus = status == ReservationStatus.Expired && reply.Value!.Status == ReservationStatus.Pending
                ? ReservationStatus.Expired
                : reply.Value!.Status;
            return new CartLineResponse(line.Sku, line.ReservationId!, line.Quantity, line.Engine, lineStatus);
        }));
        return lines.Any(l => l is null) ? null : ToResponse(cart, status, lines!);
    }

    /// <summary>
    /// The cart's status of docs/api.md. A confirm or cancel being finished still reads pending (its
    /// lines show how far it got); a pending cart past its expiry reads expired.
    /// </summary>
    public static ReservationStatus StatusOf(CartRecord cart, DateTime now) => cart.Status switch
    {
        CartStatus.Pending when now >= cart.ExpiresAt => ReservationStatus.Expired,
        CartStatus.Confirmed => ReservationStatus.Confirmed,
        CartStatus.Cancelled => ReservationStatus.Cancelled,
        _ => ReservationStatus.Pending,
    };

    public static CartResponse ToResponse(CartRecord cart, ReservationStatus status, IReadOnlyList<CartLineResponse> lines) =>
        new(cart.Id, cart.UserId, status, cart.CreatedAt, cart.ExpiresAt, lines);
}
