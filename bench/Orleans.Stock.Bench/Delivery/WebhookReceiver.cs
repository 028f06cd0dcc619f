using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Api.Contracts;

namespace Orleans.Stock.Bench.Delivery;

/// <summary>
/// A webhook endpoint inside the load generator: Kestrel on 127.0.0.1 and a port of its own, answering
/// every delivery 204 at once (a slow receiver would be measured as delivery lag). It notes the receipt
/// time before reading the body, checks the signature and hands the event to <see cref="ReceivedEvents"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Path = "/events";

    private readonly WebApplication _app;
    private readonly ReceivedEvents _events;
    private volatile byte[]? _signingKey;

    private WebhookReceiver(WebApplication app, ReceivedEvents events, int port)
    {
        _app = app;
        _events = events;
        Url = new Uri($"http://127.0.0.1:{port}{Path}");
    }

    /// <summary>Where the service is to POST: the receiver's own address.</summary>
    public Uri Url { get; }

    /// <summary>Listening once this returns; throws (<see cref="IOException"/>) when the port is taken.</summary>
    public static async Task<WebhookReceiver> StartAsync(int port, ReceivedEvents events)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The console belongs to the run's live line and tables.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, events, port);
        app.MapPost(Path, receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The webhook's signing key, known once the webhook is created (which is after the receiver listens).</summary>
    public void UseSecret(byte[] key) => _signingKey = key;

    private async Task HandleAsync(HttpContext context)
    {
        var receivedUtc = DateTime.UtcNow;
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var headers = context.Request.Headers;
        var key = _signingKey;
        var verified = key is not null && SignatureCheck.Verify(key, headers["webhook-id"], headers["webhook-timestamp"], body, headers["webhook-signature"]);
        _events.Accept(Parse(body), verified, receivedUtc);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static EventBody? Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ApiJsonContext.Default.EventBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
