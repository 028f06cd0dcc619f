using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Tests.Contract;
using Orleans.Stock.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Stock.Tests.Events;

/// <summary>
/// The outbox under kill -9 (docs/api.md, "Events and webhooks"): every process of the service (silo and API)
/// is killed in the middle of a burst of reservations on a product of each engine; a new cluster over the same
/// database and Redis then shows every acknowledged reservation as exactly one event, and every change event
/// as exactly one item of the product's history, whose replay gives the counters.
/// </summary>
public sealed class OutboxCrashTests(ITestOutputHelper output)
{
    private const int Workers = 12;
    private const int AcknowledgedBeforeKill = 600;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_killing_every_process_mid_burst_each_committed_change_is_one_event_and_each_event_a_change()
    {
        string[] engines = ["grain", "sql", "redis"];
        var skus = engines.Select(e => TestEnvironment.NewSku($"OBX-{e}")).ToArray();
        var acknowledged = skus.ToDictionary(s => s, _ => new ConcurrentBag<string>());
        string? feedStart;

        var first = await LoopbackCluster.StartAsync(silos: 1, apis: 1, StartTimeout);
        try
        {
            var api = first.Apis[0];
            feedStart = await new FeedConsumer(api).EndAsync();
            foreach (var (sku, engine) in skus.Zip(engines))
            {
                using var created = await api.PostAsJsonAsync("/api/products", new { sku, name = "Crash", initialStock = 1_000_000, engine });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var total = 0;
            using var stop = new CancellationTokenSource();
            var burst = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                for (var i = w; !stop.IsCancellationRequested; i += Workers)
                {
                    var sku = skus[i % skus.Length];
                    try
                    {
                        using var response = await api.PostAsJsonAsync($"/api/products/{sku}/reservations", new { quantity = 1, userId = $"user-{i % 50}" }, stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var body = await StockApiClient.ReadJsonAsync(response);
                            acknowledged[sku].Add(body.GetProperty("reservationId").GetString()!);
                            if (Interlocked.Increment(ref total) == AcknowledgedBeforeKill)
                            {
                                enough.TrySetResult();
                            }
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                    {
                        // The kill cut this request off: not acknowledged, so not counted.
                        if (stop.IsCancellationRequested)
                        {
                            return;
                        }
                    }
                }
            })).ToArray();

            await enough.Task.WaitAsync(TimeSpan.FromSeconds(120));
            first.KillEverything();
            await stop.CancelAsync();
            await Task.WhenAll(burst);
        }
        finally
        {
            await first.DisposeAsync();
        }

        output.WriteLine($"acknowledged before the kill: {string.Join(", ", skus.Select(s => $"{s}={acknowledged[s].Count}"))}");
        var second = await LoopbackCluster.StartAsync(silos: 1, apis: 1, StartTimeout);
        try
        {
            var api = second.Apis[0];
            var client = new StockApiClient(api);
            foreach (var sku in skus)
            {
                var (product, history) = await SettledAsync(api, client, sku);
                Assert.Equal(HistoryReplay.Of(product), HistoryReplay.Of(history));

                var events = await EventsOfAsync(api, feedStart, sku, history.Count);
                var changes = events.Where(e => !IsThreshold(e.GetProperty("type").GetString()!)).ToList();
                // Each change event is one history item (same version, its kind's type), none missing, none extra.
                Assert.Equal(
                    history.Select(h => (h.GetProperty("version").GetInt64(), StockEventTypes.Of(h.GetProperty("kind").GetString()!))),
                    changes.Select(e => (e.GetProperty("version").GetInt64(), e.GetProperty("type").GetString()!)));
                Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());

                var created = changes.Where(e => e.GetProperty("type").GetString() == StockEventTypes.ReservationCreated)
                    .Select(e => e.GetProperty("data").GetProperty("reservationId").GetString()!).ToList();
                Assert.Equal(created.Count, created.Distinct().Count());
                Assert.Empty(acknowledged[sku].Except(created));
                Assert.Equal(created.Count, product.GetProperty("reserved").GetInt64());
            }
        }
        catch (Exception) when (Dump(second))
        {
            throw;
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private bool Dump(LoopbackCluster cluster)
    {
        output.WriteLine(cluster.Logs());
        return false;
    }

    private static bool IsThreshold(string type) =>
        type is StockEventTypes.StockLow or StockEventTypes.StockOut or StockEventTypes.StockBackInStock;

    // The redis engine's changes reach history through the write-behind, which the new API runs on the
    // stream the killed one left: settled when history ends at the product's version.
    private static async Task<(JsonElement Product, List<JsonElement> History)> SettledAsync(HttpClient api, StockApiClient client, string sku)
    {
        var deadline = DateTime.UtcNow + SettleDeadline;
        while (true)
        {
            var product = await client.GetProductAsync(sku);
            var history = new List<JsonElement>();
            long? after = 0;
            while (after is { } from)
            {
                using var response = await api.GetAsync($"/api/products/{sku}/history?afterVersion={from}&limit=1000");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = await StockApiClient.ReadJsonAsync(response);
                history.AddRange(page.GetProperty("items").EnumerateArray());
                after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt64();
            }

            if (history.Count > 0 && history[^1].GetProperty("version").GetInt64() == product.GetProperty("version").GetInt64())
            {
                return (product, history);
            }

            Assert.True(DateTime.UtcNow < deadline, $"{sku}: history ends at {history.LastOrDefault()} but the product is at version {product.GetProperty("version")}.");
            await Task.Delay(200);
        }
    }

    // Events appear once stamped (every 100 ms by the new API): wait until every history item has its event.
    private static async Task<List<JsonElement>> EventsOfAsync(HttpClient api, string? start, string sku, int changes)
    {
        var feed = new FeedConsumer(api);
        var deadline = DateTime.UtcNow + SettleDeadline;
        var seen = new List<JsonElement>();
        var cursor = start;
        while (true)
        {
            var (items, next) = await feed.ReadAllAsync(cursor);
            cursor = next;
            seen.AddRange(items.Where(e => e.GetProperty("sku").GetString() == sku));
            if (seen.Count(e => !IsThreshold(e.GetProperty("type").GetString()!)) >= changes || DateTime.UtcNow > deadline)
            {
                return seen;
            }

            await Task.Delay(200);
        }
    }
}
