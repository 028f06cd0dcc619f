using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>The counters a history gives when it is replayed from version 1 (docs/api.md, "History").</summary>
public sealed record HistoryReplay(long InitialStock, long Available, long Reserved, long Sold, long Restocked, long Adjusted)
{
    public static HistoryReplay Of(IEnumerable<HistoryItem> items)
    {
        var r = new HistoryReplay(0, 0, 0, 0, 0, 0);
        foreach (var item in items)
        {
            var q = item.Quantity;
            r = item.Kind switch
            {
                HistoryKinds.Created => r with { InitialStock = q, Available = q },
                HistoryKinds.Restocked => r with { Restocked = r.Restocked + q, Available = r.Available + q },
                HistoryKinds.Adjusted => r with { Adjusted = r.Adjusted + q, Available = r.Available + q },
                HistoryKinds.Reserved => r with { Available = r.Available - q, Reserved = r.Reserved + q },
                HistoryKinds.Confirmed => r with { Reserved = r.Reserved - q, Sold = r.Sold + q },
                HistoryKinds.Cancelled or HistoryKinds.Expired => r with { Reserved = r.Reserved - q, Available = r.Available + q },
                _ => throw new InvalidOperationException($"Unknown kind {item.Kind}."),
            };
        }

        return r;
    }

    public static HistoryReplay Of(ProductView p) => new(p.InitialStock, p.Available, p.Reserved, p.Sold, p.Restocked, p.Adjusted);
}
