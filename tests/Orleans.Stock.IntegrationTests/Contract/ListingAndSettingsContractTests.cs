using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

/// <summary>docs/api.md v1.1 "Products": the keyset listing across engines, and PATCH of a product's settings.</summary>
[Collection(ApiCollection.Name)]
public sealed class ListingAndSettingsContractTests(ApiFixture fixture)
{
    private readonly StockApiClient _api = new(fixture.Client);

    [Fact]
    public async Task The_listing_pages_every_engines_products_in_ordinal_sku_order()
    {
        // One prefix for this test's products; mixed case checks the order is ordinal, not the collation's.
        var prefix = TestEnvironment.NewSku("LST");
        string[] suffixes = ["-b", "-A", "-a", "-B", "-0", "-_"];
        var engines = EngineCases.Names;
        for (var i = 0; i < suffixes.Length; i++)
        {
            await _api.CreateProductAsync(prefix + suffixes[i], i + 1, engines[i % engines.Count]);
        }

        var expected = suffixes.Select(s => prefix + s).Order(StringComparer.Ordinal).ToArray();
        var seen = new List<JsonElement>();
        var after = prefix;
        while (seen.Count < expected.Length)
        {
            using var response = await fixture.Client.GetAsync($"/api/products?limit=2&after={Uri.EscapeDataString(after)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await StockApiClient.ReadJsonAsync(response);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 2);
            seen.AddRange(items.Where(p => p.GetProperty("sku").GetString()!.StartsWith(prefix, StringComparison.Ordinal)));
            after = page.GetProperty("next").GetString() ?? throw new Xunit.Sdk.XunitException("The listing ended before this test's products.");
            Assert.Equal(items[^1].GetProperty("sku").GetString(), after);
        }

        Assert.Equal(expected, seen.Take(expected.Length).Select(p => p.GetProperty("sku").GetString()));
        Assert.Equal(
            expected.Select(sku => Array.IndexOf(suffixes, sku[prefix.Length..]) + 1L),
            seen.Take(expected.Length).Select(p => p.GetProperty("onHand").GetInt64()));
        Assert.All(seen, StockApiClient.AssertInvariants);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=ten")]
    [InlineData("after=bad%20sku")]
    public async Task A_bad_listing_query_is_refused(string query)
    {
        using var response = await fixture.Client.GetAsync($"/api/products?{query}");
        await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task A_client_key_may_list_but_not_patch()
    {
        using var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestEnvironment.ClientKey);
        using (var list = await client.GetAsync("/api/products?limit=1"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        var sku = TestEnvironment.NewSku("SET");
        await _api.CreateProductAsync(sku, 1, "grain");
        using var patch = await client.PatchAsJsonAsync($"/api/products/{sku}", new { maxPerUser = 1 });
        await StockApiClient.ReadProblemAsync(patch, HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Patch_sets_and_clears_settings_without_a_version_and_a_new_limit_holds_at_once(string engineCase)
    {
        var sku = TestEnvironment.NewSku("SET");
        await _api.CreateProductAsync(sku, 100, engineCase);
        using (var first = await _api.ReserveAsync(sku, 3, userId: "user-7"))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        var patched = await PatchAsync(sku, """{ "maxPerUser": 4, "lowStockThreshold": 50 }""");
        Assert.Equal((4, 50, 2L), (patched.GetProperty("maxPerUser").GetInt32(), patched.GetProperty("lowStockThreshold").GetInt32(), patched.GetProperty("version").GetInt64()));

        // user-7 holds 3 from before the limit existed: 2 more would be 5 > 4.
        using (var over = await _api.ReserveAsync(sku, 2, userId: "user-7"))
        {
            var problem = await StockApiClient.ReadProblemAsync(over, HttpStatusCode.Conflict, "limit-exceeded");
            Assert.Equal(3, problem.GetProperty("held").GetInt64());
        }

        // A field left out is left alone; null clears.
        var cleared = await PatchAsync(sku, """{ "maxPerUser": null }""");
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("maxPerUser").ValueKind);
        Assert.Equal(50, cleared.GetProperty("lowStockThreshold").GetInt32());
        using (var fine = await _api.ReserveAsync(sku, 2, userId: "user-7"))
        {
            Assert.Equal(HttpStatusCode.Created, fine.StatusCode);
        }

        var product = await _api.GetProductAsync(sku);
        Assert.Equal((3L, 50), (product.GetProperty("version").GetInt64(), product.GetProperty("lowStockThreshold").GetInt32()));
    }

    [Theory]
    [InlineData("""{ "maxPerUser": 0 }""", "maxPerUser")]
    [InlineData("""{ "maxPerUser": "2" }""", "maxPerUser")]
    [InlineData("""{ "maxPerUser": 1.5 }""", "maxPerUser")]
    [InlineData("""{ "lowStockThreshold": -1 }""", "lowStockThreshold")]
    [InlineData("""{ "lowStockThreshold": 1000000001 }""", "lowStockThreshold")]
    public async Task A_bad_patch_is_refused_and_changes_nothing(string body, string field)
    {
        var sku = TestEnvironment.NewSku("SET");
        await _api.CreateProductAsync(sku, 5, "grain", maxPerUser: 2);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/products/{sku}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var problem = await StockApiClient.ReadProblemAsync(await fixture.Client.SendAsync(request), HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(2, (await _api.GetProductAsync(sku)).GetProperty("maxPerUser").GetInt32());
    }

    private async Task<JsonElement> PatchAsync(string sku, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/products/{sku}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await fixture.Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await StockApiClient.ReadJsonAsync(response);
    }
}
