using System.Net;
using System.Net.Http.Json;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>The SKUs a failover test puts under load, created through the API.</summary>
public static class HotSkus
{
    /// <summary>
    /// <paramref name="plenty"/> SKUs that never run out (a third of reservations confirmed) and one
    /// scarce SKU whose short reservations expire and are taken again, so it sits at zero available
    /// throughout the run and any oversell during the failover would show in its ledger.
    /// </summary>
    public static async Task<IReadOnlyList<LoadSku>> CreateAsync(HttpClient api, int plenty)
    {
        var skus = Enumerable.Range(0, plenty)
            .Select(_ => new LoadSku(TestEnvironment.NewSku("HOT"), 900, 0.3))
            .Append(new LoadSku(TestEnvironment.NewSku("SCARCE"), 2, 0))
            .ToList();
        foreach (var sku in skus)
        {
            var initialStock = sku.TtlSeconds == 2 ? 10 : 1_000_000;
            using var created = await api.PostAsJsonAsync("/api/products", new { sku = sku.Sku, name = "Failover", initialStock, engine = "grain" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        return skus;
    }

    /// <summary>Reads every SKU through the API and asserts docs/api.md's invariants on it.</summary>
    public static async Task AssertInvariantsAsync(HttpClient api, IEnumerable<LoadSku> skus)
    {
        foreach (var sku in skus)
        {
            using var response = await api.GetAsync($"/api/products/{sku.Sku}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            StockApiClient.AssertInvariants(await StockApiClient.ReadJsonAsync(response));
        }
    }
}
