using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Stock.Tests.Events;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

/// <summary>
/// docs/api.md v1.1 "History" and "Events and webhooks" over HTTP, on every engine: one product's whole
/// life (create, reserve to low, to out, cancel back in stock, confirm, restock, adjust, set, expire) gives
/// exactly the history items and events the contract lists, and replaying the history gives its counters.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HistoryAndEventsContractTests(ApiFixture fixture)
{
    private static readonly TimeSpan SyncDeadline = TimeSpan.FromSeconds(20);

    private readonly StockApiClient _api = new(fixture.Client);

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task A_products_life_is_its_history_and_its_events(string engineCase)
    {
        var feed = new FeedConsumer(fixture.Client);
        var start = await feed.EndAsync();
        var sku = TestEnvironment.NewSku("LIFE");
        using (var created = await fixture.Client.PostAsJsonAsync("/api/products", new
        {
            sku,
            name = "Lifecycle",
            initialStock = 10,
            engine = EngineCases.EngineOf(engineCase),
            lowStockThreshold = 3,
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(3, (await StockApiClient.ReadJsonAsync(created)).GetProperty("lowStockThreshold").GetInt32());
        }

        var first = (await _api.ReserveOkAsync(sku, 7)).GetProperty("reservationId").GetString();   // v2: available 3, low
        var second = (await _api.ReserveOkAsync(sku, 3)).GetProperty("reservationId").GetString();  // v3: available 0, out
        await OkAsync($"/api/products/{sku}/reservations/{second}/cancel", null);                    // v4: back in stock
        await OkAsync($"/api/products/{sku}/reservations/{first}/confirm", null);                    // v5: sold 7
        await OkAsync($"/api/products/{sku}/restock", new { quantity = 5 });                          // v6: available 8
        await OkAsync($"/api/products/{sku}/adjustments", new { delta = -2, reason = "damaged" });    // v7: available 6
        using (var set = await fixture.Client.PutAsJsonAsync($"/api/products/{sku}/stock", new { onHand = 4, reason = "cycle count" }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);                                            // v8: on hand 6 -> 4
        }

        await _api.ReserveOkAsync(sku, 1, ttlSeconds: 1);                                              // v9: available 3, low again
        var history = await WaitForHistoryAsync(sku, items => items.Count == 10);                      // v10: expired

        Assert.Equal(
            ["created", "reserved", "reserved", "cancelled", "confirmed", "restocked", "adjusted", "adjusted", "reserved", "expired"],
            history.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal(Enumerable.Range(1, 10).Select(v => (long)v), history.Select(i => i.GetProperty("version").GetInt64()));
        Assert.Equal([10L, 7, 3, 3, 7, 5, -2, -2, 1, 1], history.Select(i => i.GetProperty("quantity").GetInt64()));
        Assert.Equal(["damaged", "cycle count"], history.Skip(6).Take(2).Select(i => i.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.Null, history[9].GetProperty("actor").ValueKind);
        Assert.All(history.Take(9), i => Assert.Equal("bootstrap-admin", i.GetProperty("actor").GetString()));

        var product = await _api.GetProductAsync(sku);
        Assert.Equal(10, product.GetProperty("version").GetInt64());
        Assert.Equal(-4, product.GetProperty("adjusted").GetInt64());
        Assert.Equal(HistoryReplay.Of(product), HistoryReplay.Of(history));

        var events = await WaitForEventsAsync(feed, start, sku, 14);
        Assert.Equal(
            [
                (1L, "product.created"), (2, "reservation.created"), (2, "stock.low"), (3, "reservation.created"), (3, "stock.out"),
                (4, "reservation.cancelled"), (4, "stock.back-in-stock"), (5, "reservation.confirmed"), (6, "stock.restocked"),
                (7, "stock.adjusted"), (8, "stock.adjusted"), (9, "reservation.created"), (9, "stock.low"), (10, "reservation.expired"),
            ],
            events.Select(e => (e.GetProperty("version").GetInt64(), e.GetProperty("type").GetString()!)));
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        // An event's data is the history item of its version, plus the counters after the change.
        var v8 = events.Single(e => e.GetProperty("type").GetString() == "stock.adjusted" && e.GetProperty("version").GetInt64() == 8).GetProperty("data");
        Assert.Equal("cycle count", v8.GetProperty("reason").GetString());
        Assert.Equal((4L, 4L, 0L), (v8.GetProperty("onHand").GetInt64(), v8.GetProperty("available").GetInt64(), v8.GetProperty("reserved").GetInt64()));
    }

    private async Task OkAsync(string path, object? body)
    {
        using var response = await _api.PostAsync(path, body is null ? null : JsonSerializer.Serialize(body));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // The redis engine's history and events appear once its write-behind has run (docs/api.md): poll, with a deadline.
    private async Task<List<JsonElement>> WaitForHistoryAsync(string sku, Func<List<JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow + SyncDeadline;
        while (true)
        {
            using var response = await fixture.Client.GetAsync($"/api/products/{sku}/history?limit=1000");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await StockApiClient.ReadJsonAsync(response);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            if (done(items) || DateTime.UtcNow > deadline)
            {
                return items;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<List<JsonElement>> WaitForEventsAsync(FeedConsumer feed, string? start, string sku, int count)
    {
        var deadline = DateTime.UtcNow + SyncDeadline;
        var seen = new List<JsonElement>();
        var cursor = start;
        while (true)
        {
            var (items, next) = await feed.ReadAllAsync(cursor);
            cursor = next;
            seen.AddRange(items.Where(e => e.GetProperty("sku").GetString() == sku));
            if (seen.Count >= count || DateTime.UtcNow > deadline)
            {
                return seen;
            }

            await Task.Delay(100);
        }
    }
}
