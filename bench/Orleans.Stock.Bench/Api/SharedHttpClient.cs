using System.Net;

namespace Orleans.Stock.Bench.Api;

/// <summary>
/// The one <see cref="HttpClient"/> of a process. A client per request would exhaust ports and pay a
/// TCP handshake each time; one pooled handler with enough connections lets thousands of requests
/// overlap the way many real clients would.
/// </summary>
public static class SharedHttpClient
{
    public static HttpClient Create(Uri baseUrl, int maxConnections, TimeSpan requestTimeout)
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

        return new HttpClient(handler)
        {
            BaseAddress = baseUrl,
            Timeout = requestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
        };
    }
}
