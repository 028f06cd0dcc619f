using Orleans.Stock.Engines;

namespace Orleans.Stock.Carts;

/// <summary>
/// Reserves a recorded cart's lines, each through its SKU's engine and with its derived key. An
/// engine that can take several lines atomically (<see cref="ICartLineEngine"/>) gets all of its
/// lines in one call; the others get one call per line. Engines run concurrently; nothing here
/// throws: a call that failed leaves its lines <see cref="LineState.Unknown"/>.
/// </summary>
public sealed partial class CartLineReserver(StockEngines engines, ILogger<CartLineReserver> logger)
{
    public async Task<LineOutcome[]> ReserveAsync(CartRecord cart, CancellationToken cancellationToken)
    {
        var outcomes = new LineOutcome[cart.Lines.Count];
        var calls = new List<Task>();
        foreach (var group in cart.Lines.Select((line, index) => (line, index)).GroupBy(l => l.line.Engine, StringComparer.Ordinal))
        {
            var engine = engines[group.Key];
            var strategy = StrategyFor(engine, cart.Strategy);
            if (engine is ICartLineEngine atomic)
            {
                calls.Add(ReserveTogetherAsync(atomic, cart, group.ToList(), strategy, outcomes, cancellationToken));
            }
            else
            {
                calls.AddRange(group.Select(l => ReserveOneAsync(engine, cart, l.line, l.index, strategy, outcomes, cancellationToken)));
            }
        }

        await Task.WhenAll(calls);
        return outcomes;
    }

    /// <summary>The cart's X-Stock-Strategy applies to the lines of the engines that know it; the others choose their own.</summary>
    public static string? StrategyFor(IStockEngine engine, string? strategy) =>
        strategy is not null && engine.Strategies.Contains(strategy) ? strategy : null;

    private async Task ReserveTogetherAsync(
        ICartLineEngine engine, CartRecord cart, List<(CartLineRecord Line, int Index)> lines, string? strategy, LineOutcome[] outcomes, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await engine.ReserveLinesAsync(
                lines.Select(l => new CartLineRequest(l.Line.Sku, CartLineKey.RequestFor(cart, l.Line))).ToList(), strategy, cancellationToken);
            for (var i = 0; i < lines.Count; i++)
            {
                outcomes[lines[i].Index] = reply.IsSuccess
                    ? new LineOutcome(LineState.Reserved, reply.Reservations![i], Strategy: reply.Strategy)
                    // All or nothing: the refused line says why, the others simply were not taken.
                    : i == reply.FailedIndex ? new LineOutcome(LineState.Refused, Refusal: reply.Failure) : LineOutcome.NotReserved;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReserveFailed(ex, cart.Id, string.Join(",", lines.Select(l => l.Line.Sku)));
            foreach (var (_, index) in lines)
            {
                outcomes[index] = LineOutcome.Unknown;
            }
        }
    }

    private async Task ReserveOneAsync(
        IStockEngine engine, CartRecord cart, CartLineRecord line, int index, string? strategy, LineOutcome[] outcomes, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await engine.ReserveAsync(line.Sku, CartLineKey.RequestFor(cart, line), strategy, cancellationToken);
            outcomes[index] = LineOutcome.From(reply);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReserveFailed(ex, cart.Id, line.Sku);
            outcomes[index] = LineOutcome.Unknown;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cart {CartId}: reserving {Skus} failed; its outcome is unknown and will be compensated.")]
    private partial void LogReserveFailed(Exception exception, string cartId, string skus);
}
