using System.Net;
using System.Net.Http.Headers;

namespace Orleans.Stock.Bench.Api;

/// <summary>
/// The one <see cref="HttpClient"/> of a process. A client per request would exhaust ports and pay a
/// TCP handshake each time; one pooled handler with enough connections lets thousands of requests
/// overlap the way many real clients would.
/// </summary>
public static class SharedHttpClient
{
    /// <param name="apiKey">Sent as <c>Authorization: Bearer</c> on every request; null or empty: no header.</param>
    public static HttpClient Create(Uri baseUrl, int maxConnections, TimeSpan requestTimeout, string? apiKey)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            // Recycled so a long run follows DNS or load-balancer changes like a well-behaved client.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };

        var client = new HttpClient(handler)
        {
            BaseAddress = baseUrl,
            Timeout = requestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
        };
        if (!string.IsNullOrEmpty(apiKey))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }
}
