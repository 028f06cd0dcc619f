using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// What one history item does to a product's counters: the rule the engine's updates follow, so the
/// product an event reports can be worked out before the row is written, and replaying history gives the row.
/// </summary>
internal static class ProductStep
{
    public static ProductView After(ProductView before, string kind, long quantity)
    {
        var p = kind switch
        {
            HistoryKinds.Restocked => before with { Available = before.Available + quantity, Restocked = before.Restocked + quantity },
            HistoryKinds.Adjusted => before with { Available = before.Available + quantity, Adjusted = before.Adjusted + quantity },
            HistoryKinds.Reserved => before with { Available = before.Available - quantity, Reserved = before.Reserved + quantity },
            HistoryKinds.Confirmed => before with { Reserved = before.Reserved - quantity, Sold = before.Sold + quantity },
            HistoryKinds.Cancelled or HistoryKinds.Expired => before with { Available = before.Available + quantity, Reserved = before.Reserved - quantity },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a change of an existing product."),
        };
        return p with { OnHand = p.Available + p.Reserved, Version = before.Version + 1 };
    }
}
