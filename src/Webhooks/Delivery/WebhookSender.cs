using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Orleans.Stock.Events.Feed;
using Orleans.Stock.Webhooks.Signing;

namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>
/// POSTs one event to a receiver, signed the Standard Webhooks way. No redirects are followed: a receiver's
/// URL is the one registered. The caller's token bounds the attempt (the delivery timeout).
/// </summary>
public sealed class WebhookSender(TimeProvider time) : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static string Body(FeedEvent feedEvent) => JsonSerializer.Serialize(feedEvent, WebhookJson.Default.FeedEvent);

    /// <summary>
    /// One attempt. Network failures and non-2xx answers are failures; cancellation (the timeout, or a
    /// stop) is thrown, for the caller to tell apart.
    /// </summary>
    public async Task<DeliveryAttempt> SendAsync(string url, byte[] signingKey, FeedEvent feedEvent, CancellationToken cancellationToken)
    {
        var body = Body(feedEvent);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, JsonType),
        };
        request.Headers.Add(WebhookSigner.IdHeader, feedEvent.Id);
        request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigner.SignatureHeader, WebhookSigner.Sign(signingKey, feedEvent.Id, timestamp, body));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode
                ? DeliveryAttempt.Success
                : DeliveryAttempt.Failure($"HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return DeliveryAttempt.Failure(ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString());
        }
    }

    public void Dispose() => _http.Dispose();
}
