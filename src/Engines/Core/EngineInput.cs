using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines;

/// <summary>
/// What every engine checks again before it writes (<see cref="TextRules"/>): the API validates
/// first, but a value storage cannot hold must be a refusal, never a failed write.
/// </summary>
public static class EngineInput
{
    public static bool IsProduct(string sku, string name) =>
        TextRules.IsSku(sku) && !string.IsNullOrWhiteSpace(name) && TextRules.IsClean(name);

    public static bool IsReservation(string sku, ReserveRequest request) => TextRules.IsSku(sku) && TextRules.IsClean(request);

    public static bool IsReservationId(string sku, string reservationId) => TextRules.IsSku(sku) && TextRules.IsClean(reservationId);

    public static StockReply<T> Invalid<T>() => new() { Error = StockError.InvalidInput };

    /// <summary>The first line that fails <see cref="IsReservation"/>, refused; null when all pass.</summary>
    public static CartLinesReply? RefuseLines(IReadOnlyList<CartLineRequest> lines, string strategy)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (!IsReservation(lines[i].Sku, lines[i].Request))
            {
                return new CartLinesReply { FailedIndex = i, Failure = Invalid<ReservationView>() with { Strategy = strategy }, Strategy = strategy };
            }
        }

        return null;
    }
}
