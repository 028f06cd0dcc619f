using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Feed;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Events;

/// <summary><c>GET /api/events</c>: paging by cursor, validation and access.</summary>
[Collection(ApiCollection.Name)]
public sealed class FeedApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task Paging_with_next_reads_every_new_event_once_and_an_empty_read_keeps_the_cursor()
    {
        var start = FeedCursor.Format(await OutboxRows.Shared.EndPositionAsync());
        var sku = TestEnvironment.NewSku("FEED");
        await OutboxRows.Shared.InsertAsync(OutboxRows.Event(sku, 1, StockEventTypes.ProductCreated));
        for (var version = 2; version <= 5; version++)
        {
            await OutboxRows.Shared.InsertAsync(OutboxRows.Event(sku, version, StockEventTypes.ReservationCreated));
        }

        // The API's own stamper numbers them.
        await OutboxRows.Shared.WaitStampedAsync(sku);
        var seen = new List<JsonElement>();
        var cursor = start;
        while (true)
        {
            var page = await ReadAsync($"/api/events?after={cursor}&limit=2");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 2);
            var next = page.GetProperty("next").GetString()!;
            if (items.Count == 0)
            {
                Assert.Equal(cursor, next);
                break;
            }

            Assert.NotEqual(cursor, next);
            seen.AddRange(items.Where(i => i.GetProperty("sku").GetString() == sku));
            cursor = next;
        }

        Assert.Equal([1L, 2, 3, 4, 5], seen.Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(5, seen.Select(e => e.GetProperty("id").GetString()).Distinct(StringComparer.Ordinal).Count());
        var first = seen[0];
        Assert.StartsWith(FeedEvent.IdPrefix, first.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(StockEventTypes.ProductCreated, first.GetProperty("type").GetString());
        Assert.EndsWith("Z", first.GetProperty("occurredAt").GetString(), StringComparison.Ordinal);
        Assert.Equal("committed", first.GetProperty("data").GetProperty("marker").GetString());

        // Without a limit: the default page, from the same cursor, holds them all again.
        var again = await ReadAsync($"/api/events?after={start}");
        Assert.Equal(5, again.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("sku").GetString() == sku));
    }

    [Theory]
    [InlineData("after=abc", "after")]
    [InlineData("after=-1", "after")]
    [InlineData("after=01", "after")]
    [InlineData("after=%201", "after")]
    [InlineData("after=99999999999999999999", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-5", "limit")]
    public async Task A_bad_cursor_or_limit_is_a_validation_problem(string query, string field)
    {
        using var response = await fixture.Client.GetAsync($"/api/events?{query}");
        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_feed_and_the_webhooks_need_an_admin_key()
    {
        using var anonymous = Client(null);
        using var client = Client(TestEnvironment.ClientKey);
        foreach (var path in new[] { "/api/events", "/api/webhooks" })
        {
            using var noKey = await anonymous.GetAsync(path);
            await StockApiClient.ReadProblemAsync(noKey, HttpStatusCode.Unauthorized, "unauthenticated");
            using var clientKey = await client.GetAsync(path);
            await StockApiClient.ReadProblemAsync(clientKey, HttpStatusCode.Forbidden, "forbidden");
        }

        using var create = await client.PostAsync("/api/webhooks", new StringContent("""{"url":"http://127.0.0.1:9/x","types":["stock.*"]}""", MediaTypeHeaderValue.Parse("application/json")));
        await StockApiClient.ReadProblemAsync(create, HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<JsonElement> ReadAsync(string path)
    {
        using var response = await fixture.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private HttpClient Client(string? key)
    {
        var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
