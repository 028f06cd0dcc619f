using System.Text.Json;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Tests.Contract;

/// <summary>
/// docs/api.md, "History": applying the items in order from version 1 gives the product's counters. Written
/// from the contract, independently of any engine's code, so it catches an engine that records wrongly; the
/// same fold serves an engine's typed history and the JSON a consumer reads over HTTP.
/// </summary>
public static class HistoryReplay
{
    public sealed record Counters(long InitialStock, long Available, long Reserved, long Sold, long Restocked, long Adjusted, long Version);

    public static Counters Of(IEnumerable<HistoryItem> items) => Fold(items.Select(i => (i.Version, i.Kind, i.Quantity)));

    /// <summary>History items as <c>GET /api/products/{sku}/history</c> answers them.</summary>
    public static Counters Of(IEnumerable<JsonElement> items) => Fold(items.Select(i => (
        i.GetProperty("version").GetInt64(), i.GetProperty("kind").GetString()!, i.GetProperty("quantity").GetInt64())));

    public static Counters Of(ProductView p) => new(p.InitialStock, p.Available, p.Reserved, p.Sold, p.Restocked, p.Adjusted, p.Version);

    /// <summary>A product body as the API answers it.</summary>
    public static Counters Of(JsonElement product) => new(
        product.GetProperty("initialStock").GetInt64(), product.GetProperty("available").GetInt64(),
        product.GetProperty("reserved").GetInt64(), product.GetProperty("sold").GetInt64(),
        product.GetProperty("restocked").GetInt64(), product.GetProperty("adjusted").GetInt64(),
        product.GetProperty("version").GetInt64());

    private static Counters Fold(IEnumerable<(long Version, string Kind, long Quantity)> items)
    {
        Counters? c = null;
        foreach (var (version, kind, q) in items)
        {
            if (c is null)
            {
                Assert.Equal((1L, HistoryKinds.Created), (version, kind));
                c = new Counters(q, q, 0, 0, 0, 0, version);
                continue;
            }

            Assert.Equal(c.Version + 1, version);
            c = kind switch
            {
                HistoryKinds.Restocked => c with { Available = c.Available + q, Restocked = c.Restocked + q },
                HistoryKinds.Adjusted => c with { Available = c.Available + q, Adjusted = c.Adjusted + q },
                HistoryKinds.Reserved => c with { Available = c.Available - q, Reserved = c.Reserved + q },
                HistoryKinds.Confirmed => c with { Reserved = c.Reserved - q, Sold = c.Sold + q },
                HistoryKinds.Cancelled or HistoryKinds.Expired => c with { Available = c.Available + q, Reserved = c.Reserved - q },
                _ => throw new InvalidOperationException($"Unexpected kind {kind} at version {version}."),
            };
            c = c with { Version = version };
        }

        Assert.True(c is not null, "the history is empty");
        return c!;
    }
}
