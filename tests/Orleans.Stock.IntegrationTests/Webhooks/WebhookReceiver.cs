using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Stock.Webhooks.Signing;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel, a random port): records every delivery, and answers what
/// <see cref="Answer"/> says (200 unless a test makes it fail or slow).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    /// <summary>The status to answer a delivery with; may wait first (a slow receiver).</summary>
    public Func<Delivery, Task<int>> Answer { get; set; } = _ => Task.FromResult(StatusCodes.Status200OK);

    public string BaseUrl { get; private set; } = "";

    public string Url(string path = "hook") => $"{BaseUrl}/{path}";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{path}", async (string path, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var delivery = new Delivery(
                path,
                request.Headers[WebhookSigner.IdHeader].ToString(),
                request.Headers[WebhookSigner.TimestampHeader].ToString(),
                request.Headers[WebhookSigner.SignatureHeader].ToString(),
                await reader.ReadToEndAsync(),
                DateTime.UtcNow);
            var status = await receiver.Answer(delivery);
            if (status is >= 200 and < 300)
            {
                receiver.Deliveries.Enqueue(delivery);
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.First();
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>One accepted POST, as received.</summary>
    public sealed record Delivery(string Path, string Id, string Timestamp, string Signature, string Body, DateTime ReceivedAt)
    {
        public JsonElement Event => JsonDocument.Parse(Body).RootElement;

        public string Sku => Event.GetProperty("sku").GetString()!;

        public long Version => Event.GetProperty("version").GetInt64();

        public string Type => Event.GetProperty("type").GetString()!;

        public bool IsSignedWith(string secret) =>
            long.TryParse(Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && WebhookSigner.Verify(WebhookSecret.KeyOf(secret), Id, seconds, Body, Signature);
    }
}
