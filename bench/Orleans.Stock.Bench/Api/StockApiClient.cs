using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Stock.Bench.Api.Contracts;

namespace Orleans.Stock.Bench.Api;

/// <summary>
/// The HTTP API of docs/api.md as the load generator uses it. Never throws for a failed request: every
/// ending, including timeouts and refused connections, comes back as an <see cref="ApiOutcome"/> so the
/// load loops can count it and carry on.
/// </summary>
public sealed class StockApiClient(HttpClient http)
{
    private const string StrategyHeader = "X-Stock-Strategy";
    private const string IdempotencyHeader = "Idempotency-Key";

    public Uri BaseAddress => http.BaseAddress!;

    public async Task<ApiOutcome> CreateProductAsync(string sku, int initialStock, string engine)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/products")
        {
            Content = Json(new CreateProductRequest(sku, $"Load test product {sku}", initialStock, engine), ApiJsonContext.Default.CreateProductRequest),
        };
        var (outcome, _) = await SendAsync<ProductBody>(request, null);
        return outcome;
    }

    public async Task<ReserveResult> ReserveAsync(string sku, int quantity, string userId, int ttlSeconds, string? strategy, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/products/{sku}/reservations")
        {
            Content = Json(new ReserveRequest(quantity, userId, ttlSeconds), ApiJsonContext.Default.ReserveRequest),
        };
        if (strategy is not null)
        {
            request.Headers.TryAddWithoutValidation(StrategyHeader, strategy);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyHeader, idempotencyKey);
        }

        var (outcome, body) = await SendAsync(request, ApiJsonContext.Default.ReservationBody);
        return new ReserveResult(outcome, body?.ReservationId, body?.Attempts, body?.Strategy, body?.ElapsedMs);
    }

    public Task<ApiOutcome> ConfirmAsync(string sku, string reservationId) =>
        PostWithoutBodyAsync($"api/products/{sku}/reservations/{reservationId}/confirm");

    public Task<ApiOutcome> CancelAsync(string sku, string reservationId) =>
        PostWithoutBodyAsync($"api/products/{sku}/reservations/{reservationId}/cancel");

    public async Task<CartResult> ReserveCartAsync(CartRequest cart, string? strategy, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/reservations")
        {
            Content = Json(cart, ApiJsonContext.Default.CartRequest),
        };
        if (strategy is not null)
        {
            request.Headers.TryAddWithoutValidation(StrategyHeader, strategy);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyHeader, idempotencyKey);
        }

        var (outcome, body, problem) = await SendWithProblemAsync(request, ApiJsonContext.Default.CartBody);
        return new CartResult(outcome, body?.CartId, problem?.Sku);
    }

    public async Task<(ApiOutcome Outcome, CartBody? Cart)> GetCartAsync(string cartId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/reservations/{cartId}");
        return await SendAsync(request, ApiJsonContext.Default.CartBody);
    }

    public Task<ApiOutcome> ConfirmCartAsync(string cartId) => PostWithoutBodyAsync($"api/reservations/{cartId}/confirm");

    public Task<ApiOutcome> CancelCartAsync(string cartId) => PostWithoutBodyAsync($"api/reservations/{cartId}/cancel");

    public async Task<(ApiOutcome Outcome, ProductBody? Product)> GetProductAsync(string sku)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/products/{sku}");
        return await SendAsync(request, ApiJsonContext.Default.ProductBody);
    }

    /// <summary><c>POST /api/webhooks</c> (admin): the new webhook's id and signing secret, or nulls when it was refused.</summary>
    public async Task<(ApiOutcome Outcome, WebhookCreatedBody? Webhook)> CreateWebhookAsync(Uri url, IReadOnlyList<string> types)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks")
        {
            Content = Json(new CreateWebhookRequest(url.ToString(), types), ApiJsonContext.Default.CreateWebhookRequest),
        };
        return await SendAsync(request, ApiJsonContext.Default.WebhookCreatedBody);
    }

    public async Task<ApiOutcome> DeleteWebhookAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/webhooks/{Uri.EscapeDataString(id)}");
        var (outcome, _) = await SendAsync<WebhookCreatedBody>(request, null);
        return outcome;
    }

    /// <summary>The Prometheus text of <c>/metrics</c>, or null when the server does not serve it.</summary>
    public async Task<string?> GetMetricsTextAsync()
    {
        try
        {
            using var response = await http.GetAsync("metrics");
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private async Task<ApiOutcome> PostWithoutBodyAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        var (outcome, _) = await SendAsync<ReservationBody>(request, null);
        return outcome;
    }

    private async Task<(ApiOutcome Outcome, T? Body)> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T>? successBody)
        where T : class
    {
        var (outcome, body, _) = await SendWithProblemAsync(request, successBody);
        return (outcome, body);
    }

    private async Task<(ApiOutcome Outcome, T? Body, ProblemBody? Problem)> SendWithProblemAsync<T>(HttpRequestMessage request, JsonTypeInfo<T>? successBody)
        where T : class
    {
        try
        {
            // Buffered (ResponseContentRead): the connection goes back to the pool before we parse.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var problem = await ReadProblemAsync(response);
                return (ApiOutcome.Http(status, problem?.Code), null, problem);
            }

            if (successBody is null)
            {
                return (ApiOutcome.Http(status), null, null);
            }

            return (ApiOutcome.Http(status), await ReadBodyAsync(response, successBody), null);
        }
        catch (HttpRequestException e)
        {
            return (ApiOutcome.Transport(e.HttpRequestError.ToString()), null, null);
        }
        catch (TaskCanceledException)
        {
            // No caller token is passed, so a cancellation can only be HttpClient.Timeout.
            return (ApiOutcome.TimedOut, null, null);
        }
    }

    private static async Task<T?> ReadBodyAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(typeInfo);
        }
        catch (JsonException)
        {
            // A 2xx with a body we cannot read still happened; the caller just loses the details.
            return null;
        }
    }

    private static async Task<ProblemBody?> ReadProblemAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentLength == 0)
        {
            return null;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.ProblemBody);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Not a problem body (a proxy's HTML page, say): count it by status alone.
            return null;
        }
    }

    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        // Serialised to bytes up front so the request carries Content-Length instead of chunking.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
