using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>Speaks docs/api.md over HTTP and checks the shape of what comes back.</summary>
public sealed class StockApiClient(HttpClient http)
{
    private readonly Dictionary<string, string> _strategyBySku = new(StringComparer.Ordinal);

    public HttpClient Http => http;

    /// <param name="engineCase"><c>engine</c> or <c>engine:strategy</c>; the strategy then goes with every reservation of the SKU.</param>
    /// <param name="maxPerUser">The product's per-user limit; null sends none.</param>
    public async Task<JsonElement> CreateProductAsync(string sku, long initialStock, string engineCase, string name = "Test product", int? maxPerUser = null)
    {
        var engine = Contract.EngineCases.EngineOf(engineCase);
        if (Contract.EngineCases.StrategyOf(engineCase) is { } strategy)
        {
            _strategyBySku[sku] = strategy;
        }

        using var response = maxPerUser is { } max
            ? await http.PostAsJsonAsync("/api/products", new { sku, name, initialStock, engine, maxPerUser = max })
            : await http.PostAsJsonAsync("/api/products", new { sku, name, initialStock, engine });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    public async Task<JsonElement> GetProductAsync(string sku)
    {
        using var response = await http.GetAsync($"/api/products/{sku}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var product = await ReadJsonAsync(response);
        AssertInvariants(product);
        return product;
    }

    public Task<HttpResponseMessage> ReserveAsync(string sku, int quantity, string userId = "user-1", int? ttlSeconds = null, string? idempotencyKey = null, string? strategy = null)
    {
        object body = ttlSeconds is { } ttl ? new { quantity, userId, ttlSeconds = ttl } : new { quantity, userId };
        return PostAsync($"/api/products/{sku}/reservations", JsonSerializer.Serialize(body), idempotencyKey, strategy ?? _strategyBySku.GetValueOrDefault(sku));
    }

    public async Task<JsonElement> ReserveOkAsync(string sku, int quantity, int? ttlSeconds = null, string? strategy = null)
    {
        using var response = await ReserveAsync(sku, quantity, ttlSeconds: ttlSeconds, strategy: strategy);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string? json, string? idempotencyKey = null, string? strategy = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (strategy is not null)
        {
            request.Headers.Add("X-Stock-Strategy", strategy);
        }

        return http.SendAsync(request);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with docs/api.md's members and returns it.</summary>
    public static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    /// <summary>docs/api.md's invariants, which every product read must satisfy.</summary>
    public static void AssertInvariants(JsonElement product)
    {
        var onHand = product.GetProperty("onHand").GetInt64();
        var available = product.GetProperty("available").GetInt64();
        var reserved = product.GetProperty("reserved").GetInt64();
        var sold = product.GetProperty("sold").GetInt64();
        Assert.True(available >= 0, $"available {available} < 0");
        Assert.Equal(onHand, available + reserved);
        Assert.Equal(
            product.GetProperty("initialStock").GetInt64() + product.GetProperty("restocked").GetInt64() + product.GetProperty("adjusted").GetInt64(),
            onHand + sold);
    }
}
