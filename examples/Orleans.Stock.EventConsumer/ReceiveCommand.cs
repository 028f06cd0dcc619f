using System.Collections.Concurrent;
using System.CommandLine;

namespace Orleans.Stock.EventConsumer;

/// <summary>
/// <c>receive</c>: a webhook endpoint. It answers 401 to a delivery whose signature does not check, and 2xx
/// to the rest; deliveries are at least once, so one seen before (its <c>webhook-id</c>) is acknowledged
/// and not handled again.
/// </summary>
public static class ReceiveCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 to listen on", DefaultValueFactory = _ => 5090 };
        var secret = new Option<string>("--secret") { Description = "The webhook's secret (whsec_...), as POST /api/webhooks returned it", Required = true };
        var command = new Command("receive", "Listen for webhook deliveries on http://127.0.0.1:PORT/ and print the ones that are signed") { port, secret };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(port), parse.GetValue(secret)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(int port, string secret, CancellationToken cancellationToken)
    {
        var signature = new WebhookSignature(secret);
        var seen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var id = request.Headers["webhook-id"].ToString();
            if (!signature.IsValid(id, request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body, DateTimeOffset.UtcNow))
            {
                return Results.Unauthorized();
            }

            if (seen.TryAdd(id, true))
            {
                Console.WriteLine(body);
            }

            return Results.NoContent();
        });
        await app.RunAsync(cancellationToken);
        return 0;
    }
}
