using System.Net;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Events;

/// <summary>A consumer of <c>GET /api/events</c> as docs/api.md describes one: it keeps <c>next</c> and asks again.</summary>
public sealed class FeedConsumer(HttpClient http)
{
    private const int PageSize = 1000;

    /// <summary>The cursor after everything in the feed now: a test's starting point.</summary>
    public async Task<string?> EndAsync()
    {
        string? cursor = null;
        while (true)
        {
            var (items, next) = await PageAsync(cursor);
            cursor = next;
            if (items.Count == 0)
            {
                return cursor;
            }
        }
    }

    /// <summary>Every event after <paramref name="cursor"/> that is in the feed now, in feed order.</summary>
    public async Task<(List<JsonElement> Items, string? Next)> ReadAllAsync(string? cursor)
    {
        var all = new List<JsonElement>();
        while (true)
        {
            var (items, next) = await PageAsync(cursor);
            cursor = next;
            if (items.Count == 0)
            {
                return (all, cursor);
            }

            all.AddRange(items);
        }
    }

    public async Task<(List<JsonElement> Items, string? Next)> PageAsync(string? cursor, int limit = PageSize)
    {
        var path = cursor is null ? $"/api/events?limit={limit}" : $"/api/events?after={Uri.EscapeDataString(cursor)}&limit={limit}";
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await StockApiClient.ReadJsonAsync(response);
        var next = page.GetProperty("next");
        return ([.. page.GetProperty("items").EnumerateArray()], next.ValueKind == JsonValueKind.Null ? cursor : next.GetString());
    }
}
