using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

/// <summary>docs/api.md v1.1 "Limits": a product's <c>maxPerUser</c>, enforced inside each engine's own serialisation.</summary>
[Collection(ApiCollection.Name)]
public sealed class LimitContractTests(ApiFixture fixture)
{
    private readonly StockApiClient _api = new(fixture.Client);

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Concurrent_reservations_of_one_user_stop_exactly_at_maxPerUser(string engine)
    {
        var sku = TestEnvironment.NewSku("LIM");
        var created = await _api.CreateProductAsync(sku, 1_000, engine, maxPerUser: 5);
        Assert.Equal(5, created.GetProperty("maxPerUser").GetInt32());

        var answers = await Task.WhenAll(Enumerable.Range(0, 300).Select(async _ =>
        {
            using var response = await _api.ReserveAsync(sku, 1, "greedy");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        var created201 = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.True(created201.Count == 5, $"{created201.Count} reservations succeeded; others: {string.Join(" | ", answers.Where(a => a.StatusCode != HttpStatusCode.Created && a.StatusCode != HttpStatusCode.Conflict).Take(3))}");
        Assert.Equal(295, refused.Count);
        foreach (var (_, body) in refused)
        {
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal("limit-exceeded", problem.GetProperty("code").GetString());
            Assert.Equal(5, problem.GetProperty("maxPerUser").GetInt32());
            Assert.Equal(5, problem.GetProperty("held").GetInt64());
        }

        var product = await _api.GetProductAsync(sku);
        Assert.Equal(5, product.GetProperty("reserved").GetInt64());
        Assert.Equal(5, product.GetProperty("maxPerUser").GetInt32());

        // Another user has their own allowance.
        using (var other = await _api.ReserveAsync(sku, 5, "someone-else"))
        {
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        }

        // A cancel frees room for exactly one more unit.
        var ids = created201.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("reservationId").GetString()!).ToList();
        using (var cancel = await _api.PostAsync($"/api/products/{sku}/reservations/{ids[0]}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        using (var again = await _api.ReserveAsync(sku, 1, "greedy"))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }

        using var full = await _api.ReserveAsync(sku, 1, "greedy");
        var last = await StockApiClient.ReadProblemAsync(full, HttpStatusCode.Conflict, "limit-exceeded");
        Assert.Equal(5, last.GetProperty("held").GetInt64());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Confirmed_units_count_cancelled_ones_do_not_and_a_refusal_takes_nothing(string engine)
    {
        var sku = TestEnvironment.NewSku("LIM");
        await _api.CreateProductAsync(sku, 100, engine, maxPerUser: 3);
        var first = await ReserveOkAsync(sku, 2, "u");
        using (var confirm = await _api.PostAsync($"/api/products/{sku}/reservations/{first}/confirm", null))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        var before = await _api.GetProductAsync(sku);
        using (var tooMany = await _api.ReserveAsync(sku, 2, "u"))
        {
            var problem = await StockApiClient.ReadProblemAsync(tooMany, HttpStatusCode.Conflict, "limit-exceeded");
            Assert.Equal(3, problem.GetProperty("maxPerUser").GetInt32());
            Assert.Equal(2, problem.GetProperty("held").GetInt64());
        }

        var after = await _api.GetProductAsync(sku);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(before.GetProperty("available").GetInt64(), after.GetProperty("available").GetInt64());

        var second = await ReserveOkAsync(sku, 1, "u");
        using (var cancel = await _api.PostAsync($"/api/products/{sku}/reservations/{second}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        await ReserveOkAsync(sku, 1, "u");
        using var over = await _api.ReserveAsync(sku, 1, "u");
        var refusal = await StockApiClient.ReadProblemAsync(over, HttpStatusCode.Conflict, "limit-exceeded");
        Assert.Equal(3, refusal.GetProperty("held").GetInt64());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task A_product_without_a_limit_says_null_and_takes_any_amount(string engine)
    {
        var sku = TestEnvironment.NewSku("LIM");
        var created = await _api.CreateProductAsync(sku, 100, engine);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("maxPerUser").ValueKind);
        await ReserveOkAsync(sku, 60, "u");
        await ReserveOkAsync(sku, 40, "u");
        Assert.Equal(JsonValueKind.Null, (await _api.GetProductAsync(sku)).GetProperty("maxPerUser").ValueKind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public async Task MaxPerUser_out_of_range_is_400(int maxPerUser)
    {
        var sku = TestEnvironment.NewSku("LIM");
        using var response = await fixture.Client.PostAsJsonAsync("/api/products", new { sku, name = "x", initialStock = 1, maxPerUser });
        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("maxPerUser", out _));
    }

    private async Task<string> ReserveOkAsync(string sku, int quantity, string userId)
    {
        using var response = await _api.ReserveAsync(sku, quantity, userId);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("reservationId").GetString()!;
    }
}
