using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

/// <summary>docs/api.md v1.1 "Stock adjustments" over HTTP on every engine: deltas, sets, compare-and-set, idempotency, refusals.</summary>
[Collection(ApiCollection.Name)]
public sealed class AdjustmentContractTests(ApiFixture fixture)
{
    private readonly StockApiClient _api = new(fixture.Client);

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task A_delta_and_a_set_change_on_hand_and_leave_reservations_alone(string engineCase)
    {
        var sku = TestEnvironment.NewSku("ADJ");
        await _api.CreateProductAsync(sku, 20, engineCase);
        await _api.ReserveOkAsync(sku, 5);

        var added = await OkAsync(await SendAsync(HttpMethod.Post, $"/api/products/{sku}/adjustments", new { delta = 4, reason = "found in back room", expectedVersion = 2 }));
        Assert.Equal((24L, 19L, 5L, 4L, 3L), Counters(added));

        var set = await OkAsync(await SendAsync(HttpMethod.Put, $"/api/products/{sku}/stock", new { onHand = 10, reason = "cycle count", expectedOnHand = 24 }));
        Assert.Equal((10L, 5L, 5L, -10L, 4L), Counters(set));

        // A set to the on hand it has is no change: no version, nothing recorded.
        var same = await OkAsync(await SendAsync(HttpMethod.Put, $"/api/products/{sku}/stock", new { onHand = 10, reason = "recount" }));
        Assert.Equal(4, same.GetProperty("version").GetInt64());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Refusals_change_nothing(string engineCase)
    {
        var sku = TestEnvironment.NewSku("ADJ");
        await _api.CreateProductAsync(sku, 10, engineCase);
        await _api.ReserveOkAsync(sku, 4);

        var stale = await StockApiClient.ReadProblemAsync(
            await SendAsync(HttpMethod.Post, $"/api/products/{sku}/adjustments", new { delta = 1, reason = "r", expectedVersion = 1 }), HttpStatusCode.Conflict, "version-mismatch");
        Assert.Equal((2L, 10L), (stale.GetProperty("version").GetInt64(), stale.GetProperty("onHand").GetInt64()));
        await StockApiClient.ReadProblemAsync(
            await SendAsync(HttpMethod.Put, $"/api/products/{sku}/stock", new { onHand = 12, reason = "r", expectedOnHand = 11 }), HttpStatusCode.Conflict, "version-mismatch");
        var tooMuch = await StockApiClient.ReadProblemAsync(
            await SendAsync(HttpMethod.Post, $"/api/products/{sku}/adjustments", new { delta = -7, reason = "r" }), HttpStatusCode.Conflict, "insufficient-stock");
        Assert.Equal(6, tooMuch.GetProperty("available").GetInt64());
        await StockApiClient.ReadProblemAsync(
            await SendAsync(HttpMethod.Put, $"/api/products/{sku}/stock", new { onHand = 3, reason = "r" }), HttpStatusCode.Conflict, "insufficient-stock");

        var product = await _api.GetProductAsync(sku);
        Assert.Equal((10L, 6L, 4L, 0L, 2L), Counters(product));
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task An_idempotency_key_applies_an_adjustment_once(string engineCase)
    {
        var sku = TestEnvironment.NewSku("ADJ");
        await _api.CreateProductAsync(sku, 10, engineCase);
        var key = $"erp-{Guid.NewGuid():N}";

        await OkAsync(await SendAsync(HttpMethod.Post, $"/api/products/{sku}/adjustments", new { delta = -3, reason = "damaged" }, key));
        var replay = await OkAsync(await SendAsync(HttpMethod.Post, $"/api/products/{sku}/adjustments", new { delta = -3, reason = "damaged" }, key));
        Assert.Equal((7L, 7L, 0L, -3L, 2L), Counters(replay));
        await StockApiClient.ReadProblemAsync(
            await SendAsync(HttpMethod.Post, $"/api/products/{sku}/adjustments", new { delta = -4, reason = "damaged" }, key), HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(2, (await _api.GetProductAsync(sku)).GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("""{ "delta": 0, "reason": "r" }""", "delta")]
    [InlineData("""{ "delta": 1000000001, "reason": "r" }""", "delta")]
    [InlineData("""{ "reason": "r" }""", "delta")]
    [InlineData("""{ "delta": 1 }""", "reason")]
    [InlineData("""{ "delta": 1, "reason": "" }""", "reason")]
    [InlineData("""{ "delta": 1, "reason": "bad\u0007bell" }""", "reason")]
    [InlineData("""{ "delta": 1, "reason": "r", "expectedVersion": -1 }""", "expectedVersion")]
    public async Task A_bad_adjustment_is_refused_with_its_field(string body, string field)
    {
        var sku = TestEnvironment.NewSku("ADJ");
        await _api.CreateProductAsync(sku, 10, "grain");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/products/{sku}/adjustments") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var problem = await StockApiClient.ReadProblemAsync(await fixture.Client.SendAsync(request), HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(1, (await _api.GetProductAsync(sku)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_client_key_may_not_adjust()
    {
        var sku = TestEnvironment.NewSku("ADJ");
        await _api.CreateProductAsync(sku, 10, "grain");
        using var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestEnvironment.ClientKey);
        using var response = await client.PostAsJsonAsync($"/api/products/{sku}/adjustments", new { delta = 1, reason = "r" });
        await StockApiClient.ReadProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await fixture.Client.SendAsync(request);
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var product = await StockApiClient.ReadJsonAsync(response);
            StockApiClient.AssertInvariants(product);
            return product;
        }
    }

    private static (long OnHand, long Available, long Reserved, long Adjusted, long Version) Counters(JsonElement p) =>
        (p.GetProperty("onHand").GetInt64(), p.GetProperty("available").GetInt64(), p.GetProperty("reserved").GetInt64(),
         p.GetProperty("adjusted").GetInt64(), p.GetProperty("version").GetInt64());
}
