using System.Net;
using System.Text;
using System.Text.Json;

namespace Orleans.Stock.Tests.Dashboard;

/// <summary>
/// A short, bounded closed-loop load: a few workers reserve one unit at a time on the given SKUs
/// until the time or request budget is spent. Counts what the API answered.
/// </summary>
public sealed class DashboardLoad(HttpClient client, IReadOnlyList<string> skus, int workers)
{
    private int _sent;
    private int _created;

    public int Sent => Volatile.Read(ref _sent);

    public int Created => Volatile.Read(ref _created);

    public async Task RunAsync(TimeSpan duration, int maxRequests)
    {
        using var stop = new CancellationTokenSource(duration);
        var token = stop.Token;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !token.IsCancellationRequested && Interlocked.Increment(ref _sent) <= maxRequests; n++)
            {
                var sku = skus[(w + n) % skus.Count];
                using var content = new StringContent(JsonSerializer.Serialize(new { quantity = 1, userId = $"load-{w}" }), Encoding.UTF8, "application/json");
                using var response = await client.PostAsync($"/api/products/{sku}/reservations", content, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref _created);
                }
            }
        }, CancellationToken.None)));
    }
}
