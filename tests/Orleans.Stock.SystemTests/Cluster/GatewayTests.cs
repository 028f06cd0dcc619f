using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Orleans.Stock.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Stock.Tests.Cluster;

/// <summary>
/// The YARP gateway in front of two API processes: one API is killed -9 under load with an Idempotency-Key on
/// every reservation. Clients see only 201 or 503 (then retry with the same key, as docs/api.md allows, and may get
/// 200 for a reservation the dead instance made before it died), the
/// dead instance leaves the rotation within seconds, and every acknowledged reservation is there afterwards.
/// </summary>
public sealed class GatewayTests(ITestOutputHelper output)
{
    private const int Workers = 8;

    [Fact]
    public async Task Killing_an_api_behind_the_gateway_loses_nothing_and_it_leaves_the_rotation_within_seconds()
    {
        await using var cluster = await LoopbackCluster.StartAsync(silos: 1, apis: 2, TimeSpan.FromSeconds(90));
        var port = PortFinder.Take(1, 17400)[0];
        await using var gateway = ChildProcess.Start("gateway", BuildOutputs.GatewayDirectory, "Orleans.Stock.Gateway.dll", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Gateway__Destinations__0"] = cluster.Apis[0].BaseAddress!.ToString(),
            ["Gateway__Destinations__1"] = cluster.Apis[1].BaseAddress!.ToString(),
            ["Gateway__HealthInterval"] = "00:00:00.500",
        }, "--urls", $"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestEnvironment.AdminKey);
        await WaitReadyAsync(http, gateway);

        var api = new StockApiClient(http);
        var sku = TestEnvironment.NewSku("GW");
        await api.CreateProductAsync(sku, 1_000_000, "grain");

        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentQueue<(TimeSpan At, HttpStatusCode Status)>();
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        TimeSpan? killedAt = null;
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"gw-{w}-{i}-{Guid.NewGuid():N}";
                // One reservation: retried on 503 with its key until it is acknowledged (at most 20 tries).
                for (var attempt = 0; attempt < 20; attempt++)
                {
                    using var response = await api.ReserveAsync(sku, 1, $"user-{w}", idempotencyKey: key);
                    answers.Enqueue((clock.Elapsed, response.StatusCode));
                    // 200: a retry found the reservation an earlier attempt made (answered 503 when its instance died).
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        acknowledged.Add((await StockApiClient.ReadJsonAsync(response)).GetProperty("reservationId").GetString()!);
                        break;
                    }

                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.ServiceUnavailable, "unavailable");
                    Assert.True(response.Headers.RetryAfter is not null, problem.ToString());
                    await Task.Delay(100);
                }

                if (killedAt is { } kill && clock.Elapsed > kill + TimeSpan.FromSeconds(8))
                {
                    await stop.CancelAsync();
                }
            }
        })).ToList();

        await WaitUntilAsync(() => acknowledged.Count >= 200 || workers.Any(t => t.IsFaulted), TimeSpan.FromSeconds(30), "the load did not get going");
        Assert.False(workers.Any(t => t.IsFaulted), workers.FirstOrDefault(t => t.IsFaulted)?.Exception?.ToString());
        cluster.Api(1).KillHard();
        var killed = clock.Elapsed;
        killedAt = killed;
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(90));

        var after = answers.Where(a => a.At > killed).ToList();
        var unavailable = after.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        var lastFailure = unavailable.Count == 0 ? TimeSpan.Zero : unavailable.Max(a => a.At) - killed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{answers.Count} answers, {acknowledged.Count} acknowledged; after the kill {after.Count} answers, {unavailable.Count} 503s, the last {lastFailure.TotalSeconds:F1} s after it"));
        var replayed = answers.Count(a => a.Status == HttpStatusCode.OK);
        output.WriteLine($"{replayed} retries answered 200: their first attempt had been applied although the client saw 503");
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)a.Status}"));
        Assert.True(after.Count(a => a.Status == HttpStatusCode.Created) >= 100, "the survivor did not carry the load");
        // The gateway probes every 0.5 s and ejects after 2 failures; passive checks eject sooner on refused connections.
        Assert.True(lastFailure < TimeSpan.FromSeconds(5), $"503s went on for {lastFailure.TotalSeconds:F1} s after the kill");

        // Every acknowledged reservation exists once: the key deduplicated the retries.
        var product = await api.GetProductAsync(sku);
        Assert.Equal(acknowledged.Count, product.GetProperty("reserved").GetInt64());
        Assert.Equal(acknowledged.Count, acknowledged.Distinct().Count());
    }

    private static async Task WaitReadyAsync(HttpClient http, ChildProcess gateway)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(gateway.HasExited, $"the gateway exited: {gateway.Tail()}");
            try
            {
                using var ready = await http.GetAsync("/gateway/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"the gateway did not become ready: {gateway.Tail()}");
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan within, string message)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message);
            await Task.Delay(50);
        }
    }
}
