using System.Net;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.SqlEngine;

/// <summary>Many clients reserving one unit of the same SKU at the same instant: real contention on one row.</summary>
public static class ConcurrentReservations
{
    public const int Clients = 64;

    public static async Task<List<Reply>> ReserveAsync(StockApiClient api, string sku)
    {
        // Released together, so the requests really do race for the same row version.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, Clients).Select(async i =>
        {
            await start.Task;
            using var response = await api.ReserveAsync(sku, 1, $"user-{i}");
            if (response.StatusCode != HttpStatusCode.Created)
            {
                return new Reply(response.StatusCode, null, 0);
            }

            var body = await StockApiClient.ReadJsonAsync(response);
            return new Reply(response.StatusCode, body.GetProperty("strategy").GetString(), body.GetProperty("attempts").GetInt32());
        }).ToList();
        start.SetResult();
        return [.. await Task.WhenAll(tasks)];
    }

    /// <summary>One client's answer: its status and, when served, how.</summary>
    public sealed record Reply(HttpStatusCode Status, string? Strategy, int Attempts);
}
