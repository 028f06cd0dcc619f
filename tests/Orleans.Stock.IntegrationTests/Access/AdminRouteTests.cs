using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Orleans.Stock.Tests.Contract;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Access;

/// <summary>
/// docs/api.md v1.1: adjustments, settings, history, the feed and webhooks are the admin's. A client key gets
/// 403 <c>forbidden</c> on each and the product does not move; history's query is range-checked like a body.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AdminRouteTests(ApiFixture fixture)
{
    public static TheoryData<string, string, string?> AdminOnly => new()
    {
        { "POST", "/api/products/{sku}/adjustments", """{"delta":-3,"reason":"damaged"}""" },
        { "PUT", "/api/products/{sku}/stock", """{"onHand":1,"reason":"cycle count"}""" },
        { "PATCH", "/api/products/{sku}", """{"maxPerUser":1}""" },
        { "GET", "/api/products/{sku}/history", null },
        { "GET", "/api/events", null },
        { "GET", "/api/webhooks", null },
        { "POST", "/api/webhooks", """{"url":"http://127.0.0.1:9/hook","types":["stock.*"]}""" },
        { "DELETE", "/api/webhooks/wh_0123456789abcdef", null },
    };

    [Theory]
    [MemberData(nameof(AdminOnly))]
    public async Task A_client_key_is_forbidden_and_changes_nothing(string method, string route, string? body)
    {
        var sku = TestEnvironment.NewSku("ADM");
        var admin = new StockApiClient(fixture.Client);
        await admin.CreateProductAsync(sku, 10, "grain");
        var webhooksBefore = await WebhookCountAsync();

        using var asClient = fixture.Factory.CreateClient();
        asClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestEnvironment.ClientKey);
        using var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{sku}", sku, StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await asClient.SendAsync(request);
        await StockApiClient.ReadProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");

        var product = await admin.GetProductAsync(sku);
        Assert.Equal(10, product.GetProperty("onHand").GetInt64());
        Assert.Equal(1, product.GetProperty("version").GetInt64());
        Assert.Equal(JsonValueKind.Null, product.GetProperty("maxPerUser").ValueKind);
        Assert.Equal(webhooksBefore, await WebhookCountAsync());
    }

    [Theory]
    [InlineData("afterVersion=-1", "afterVersion")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("afterVersion=x", "afterVersion")]
    public async Task A_history_query_out_of_range_is_400_naming_the_field(string query, string field)
    {
        var sku = TestEnvironment.NewSku("HQ");
        await new StockApiClient(fixture.Client).CreateProductAsync(sku, 10, EngineCases.Names[0]);

        using var response = await fixture.Client.GetAsync($"/api/products/{sku}/history?{query}");
        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private async Task<int> WebhookCountAsync()
    {
        using var response = await fixture.Client.GetAsync("/api/webhooks");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await StockApiClient.ReadJsonAsync(response)).GetProperty("items").GetArrayLength();
    }
}
