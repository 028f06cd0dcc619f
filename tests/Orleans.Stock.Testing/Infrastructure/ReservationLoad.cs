using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// Closed-loop HTTP load like a shop's checkout: each worker reserves on a random hot SKU (half of
/// them with an Idempotency-Key, half without, so the API's generated keys are exercised too) and
/// confirms some of what it got. Bounded by a stop token and a request count; every request is
/// recorded as a <see cref="LoadSample"/> for the audit.
/// </summary>
public sealed class ReservationLoad(IReadOnlyList<HttpClient> apis, IReadOnlyList<LoadSku> skus, int workersPerApi)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<LoadSample> _samples = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private int _requests;

    /// <summary>Time on the samples' clock.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyCollection<LoadSample> Samples => _samples;

    public int Count => Volatile.Read(ref _requests);

    public Task RunAsync(int maxRequests, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, apis.Count * workersPerApi)
            .Select(worker => Task.Run(() => WorkerAsync(worker, apis[worker % apis.Count], maxRequests, stop), CancellationToken.None)));

    /// <summary>
    /// Waits until <paramref name="count"/> more requests were sent; false when the load stopped or
    /// <paramref name="timeout"/> passed first (a stalled cluster must not stall the test).
    /// </summary>
    public async Task<bool> WaitForRequestsAsync(int count, Task load, TimeSpan timeout)
    {
        var target = Count + count;
        var deadline = Now + timeout;
        while (Count < target && !load.IsCompleted && Now < deadline)
        {
            await Task.Delay(50);
        }

        return Count >= target;
    }

    /// <summary>Requests sent at or after <paramref name="since"/> that got an answer the contract allows.</summary>
    public int ServedSince(TimeSpan since) => _samples.Count(s => s.Started >= since && s.IsExpected);

    /// <summary>
    /// Waits until <paramref name="count"/> requests sent at or after <paramref name="since"/> (say,
    /// once a dead silo was declared dead) were served, so that "served again" is observed rather
    /// than assumed after a fixed pause; false when the load stopped or <paramref name="timeout"/> passed first.
    /// </summary>
    public async Task<bool> WaitForServedSinceAsync(TimeSpan since, int count, Task load, TimeSpan timeout)
    {
        var deadline = Now + timeout;
        while (ServedSince(since) < count && !load.IsCompleted && Now < deadline)
        {
            await Task.Delay(50);
        }

        return ServedSince(since) >= count;
    }

    private async Task WorkerAsync(int worker, HttpClient api, int maxRequests, CancellationToken stop)
    {
        var random = new Random(worker);
        for (var n = 0; !stop.IsCancellationRequested && Interlocked.Increment(ref _requests) <= maxRequests; n++)
        {
            var sku = skus[random.Next(skus.Count)];
            var quantity = 1 + random.Next(2);
            var key = random.Next(2) == 0 ? $"{_run}-{worker}-{n}" : null;
            var body = JsonSerializer.Serialize(new { quantity, userId = $"user-{worker}", ttlSeconds = sku.TtlSeconds });
            var reserve = await SendAsync(api, LoadSample.Reserve, sku.Sku, quantity, key, $"/api/products/{sku.Sku}/reservations", body);
            if (reserve.IsAcknowledged && sku.ConfirmShare > random.NextDouble())
            {
                await SendAsync(api, LoadSample.Confirm, sku.Sku, quantity, null, $"/api/products/{sku.Sku}/reservations/{reserve.ReservationId}/confirm", null);
            }
        }
    }

    private async Task<LoadSample> SendAsync(HttpClient api, string kind, string sku, int quantity, string? key, string path, string? json)
    {
        var started = Now;
        int status;
        string? code = null;
        string? reservationId = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }

            using var response = await api.SendAsync(request);
            status = (int)response.StatusCode;
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (response.IsSuccessStatusCode)
            {
                reservationId = answer.GetProperty("reservationId").GetString();
            }
            else if (answer.TryGetProperty("code", out var problemCode))
            {
                code = problemCode.GetString();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            status = 0;
            code = ex.GetType().Name;
        }

        var sample = new LoadSample(kind, sku, quantity, key, started, Now, status, code, reservationId);
        _samples.Enqueue(sample);
        return sample;
    }
}

/// <summary>A SKU under load: reservations on it last <see cref="TtlSeconds"/>, and that share of them is confirmed.</summary>
public sealed record LoadSku(string Sku, int TtlSeconds, double ConfirmShare);
