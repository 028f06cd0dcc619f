using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Tests.SqlEngine;

/// <summary>
/// docs/api.md, "History": applying the items in order from version 1 gives the product's counters. Written
/// from the contract, independently of any engine's code, so it can catch an engine that records wrongly.
/// </summary>
public static class HistoryReplay
{
    public sealed record Counters(long InitialStock, long Available, long Reserved, long Sold, long Restocked, long Adjusted, long Version);

    public static Counters Of(IReadOnlyList<HistoryItem> items)
    {
        Assert.NotEmpty(items);
        Assert.Equal(HistoryKinds.Created, items[0].Kind);
        var c = new Counters(items[0].Quantity, items[0].Quantity, 0, 0, 0, 0, items[0].Version);
        Assert.Equal(1, c.Version);
        foreach (var item in items.Skip(1))
        {
            Assert.Equal(c.Version + 1, item.Version);
            var q = item.Quantity;
            c = item.Kind switch
            {
                HistoryKinds.Restocked => c with { Available = c.Available + q, Restocked = c.Restocked + q },
                HistoryKinds.Adjusted => c with { Available = c.Available + q, Adjusted = c.Adjusted + q },
                HistoryKinds.Reserved => c with { Available = c.Available - q, Reserved = c.Reserved + q },
                HistoryKinds.Confirmed => c with { Reserved = c.Reserved - q, Sold = c.Sold + q },
                HistoryKinds.Cancelled or HistoryKinds.Expired => c with { Available = c.Available + q, Reserved = c.Reserved - q },
                _ => throw new InvalidOperationException($"Unexpected kind {item.Kind} at version {item.Version}."),
            };
            c = c with { Version = item.Version };
        }

        return c;
    }

    public static Counters Of(ProductView p) => new(p.InitialStock, p.Available, p.Reserved, p.Sold, p.Restocked, p.Adjusted, p.Version);
}
