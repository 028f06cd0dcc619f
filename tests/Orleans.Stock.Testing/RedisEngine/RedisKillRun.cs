using System.Net;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.RedisEngine;

/// <summary>
/// The crash the redis tests share: a private Redis and schema, a burst of acknowledged reservations spread
/// over a few sync intervals (so some are written behind and some are not), then kill -9 of Redis with the
/// API gone too, and a restart on the same files.
/// </summary>
public static class RedisKillRun
{
    /// <summary>Reserves <paramref name="waves"/> × <paramref name="perWave"/> units of 1 and kills Redis; returns the SKU and the acknowledged ids.</summary>
    public static async Task<(string Sku, List<string> Acknowledged)> ReserveThenKillAsync(
        ApiFactory baseFactory, RedisServerProcess redis, IsolatedSchema schema, int waves, int perWave, int concurrency, TimeSpan wavePause)
    {
        var sku = TestEnvironment.NewSku("RK");
        var acknowledged = new List<string>();
        await using (var api = PrivateRedisApi.Start(baseFactory, redis, schema))
        {
            var client = new StockApiClient(api.CreateClient());
            await client.CreateProductAsync(sku, 1_000_000, "redis");
            for (var wave = 0; wave < waves; wave++)
            {
                if (wave > 0)
                {
                    await Task.Delay(wavePause);
                }

                acknowledged.AddRange(await ReserveManyAsync(client, sku, perWave, concurrency));
            }

            await redis.KillAsync();
        }

        return (sku, acknowledged);
    }

    /// <summary><paramref name="count"/> reservations of one unit, <paramref name="concurrency"/> at a time, each acknowledged (201); their ids.</summary>
    public static async Task<List<string>> ReserveManyAsync(StockApiClient client, string sku, int count, int concurrency = 32)
    {
        var ids = new List<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            using var response = await client.ReserveAsync(sku, 1, $"user-{i}");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (await StockApiClient.ReadJsonAsync(response)).GetProperty("reservationId").GetString()!;
            lock (ids)
            {
                ids.Add(id);
            }
        });
        return ids;
    }

    /// <summary>How many of <paramref name="ids"/> read back (200); anything but 200 or 404 fails the test.</summary>
    public static async Task<int> CountReadableAsync(HttpClient http, string sku, IEnumerable<string> ids)
    {
        var found = 0;
        foreach (var id in ids)
        {
            using var read = await http.GetAsync($"/api/products/{sku}/reservations/{id}");
            Assert.True(read.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"reading {id} answered {(int)read.StatusCode}");
            found += read.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        return found;
    }
}
