using System.Net;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Carts;

/// <summary>Speaks docs/api.md's "Multi-line reservations" over HTTP.</summary>
public sealed class CartClient(HttpClient http)
{
    public StockApiClient Api { get; } = new(http);

    public static string Body(string userId, int? ttlSeconds, params (string Sku, int Quantity)[] lines)
    {
        var entries = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }).ToArray();
        return ttlSeconds is { } ttl
            ? JsonSerializer.Serialize(new { userId, ttlSeconds = ttl, lines = entries })
            : JsonSerializer.Serialize(new { userId, lines = entries });
    }

    public Task<HttpResponseMessage> CreateAsync(string body, string? idempotencyKey = null, string? strategy = null) =>
        Api.PostAsync("/api/reservations", body, idempotencyKey, strategy);

    public Task<HttpResponseMessage> CreateAsync(CartCase cartCase, string userId, int? ttlSeconds, params (string Sku, int Quantity)[] lines) =>
        CreateAsync(Body(userId, ttlSeconds, lines), strategy: cartCase.Strategy);

    public async Task<JsonElement> CreateOkAsync(CartCase cartCase, string userId, int? ttlSeconds, params (string Sku, int Quantity)[] lines)
    {
        using var response = await CreateAsync(cartCase, userId, ttlSeconds, lines);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<HttpResponseMessage> GetAsync(string cartId) => http.GetAsync($"/api/reservations/{cartId}");

    public async Task<JsonElement> GetOkAsync(string cartId)
    {
        using var response = await GetAsync(cartId);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<HttpResponseMessage> ConfirmAsync(string cartId) => Api.PostAsync($"/api/reservations/{cartId}/confirm", null);

    public Task<HttpResponseMessage> CancelAsync(string cartId) => Api.PostAsync($"/api/reservations/{cartId}/cancel", null);

    /// <summary>Creates one product per (stock, engine) and returns their SKUs.</summary>
    public async Task<string[]> CreateProductsAsync(CartCase cartCase, params long[] stocks)
    {
        var skus = new string[stocks.Length];
        for (var i = 0; i < stocks.Length; i++)
        {
            skus[i] = TestEnvironment.NewSku("CART");
            await Api.CreateProductAsync(skus[i], stocks[i], cartCase.EngineOfLine(i));
        }

        return skus;
    }

    public async Task<long> ReservedAsync(string sku) => (await Api.GetProductAsync(sku)).GetProperty("reserved").GetInt64();

    public async Task<long> AvailableAsync(string sku) => (await Api.GetProductAsync(sku)).GetProperty("available").GetInt64();

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
