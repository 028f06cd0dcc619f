namespace Orleans.Stock.Abstractions;

/// <summary>
/// The threshold events one change makes, decided from the available units just before and just after
/// it: each fires on the change that crosses, so a product that stays low or out says so once.
/// </summary>
public static class ThresholdCrossing
{
    public static IReadOnlyList<string> Between(long availableBefore, long availableAfter, int? lowStockThreshold)
    {
        List<string>? crossed = null;
        if (lowStockThreshold is { } low && availableBefore > low && availableAfter <= low)
        {
            (crossed ??= []).Add(StockEventTypes.StockLow);
        }

        if (availableBefore > 0 && availableAfter == 0)
        {
            (crossed ??= []).Add(StockEventTypes.StockOut);
        }

        if (availableBefore == 0 && availableAfter > 0)
        {
            (crossed ??= []).Add(StockEventTypes.StockBackInStock);
        }

        return crossed ?? (IReadOnlyList<string>)[];
    }
}
