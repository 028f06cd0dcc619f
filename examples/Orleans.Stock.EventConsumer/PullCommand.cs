using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Orleans.Stock.EventConsumer;

/// <summary>
/// <c>pull</c>: reads <c>GET /api/events</c> from the cursor in a file and stores <c>next</c> after each page
/// it has handled, so a restart resumes where it stopped; at least once, since a crash between handling a
/// page and storing its cursor hands that page again.
/// </summary>
public static class PullCommand
{
    public static Command Create()
    {
        var api = new Option<Uri>("--api") { Description = "The service's base URL", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080") };
        var key = new Option<string>("--key") { Description = "An admin key (default: $STOCK_ADMIN_KEY)", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("STOCK_ADMIN_KEY") ?? "" };
        var cursorFile = new Option<FileInfo>("--cursor-file") { Description = "Where the cursor is kept", DefaultValueFactory = _ => new FileInfo("events.cursor") };
        var once = new Option<bool>("--once") { Description = "Stop at the end of the feed instead of waiting for more" };
        var command = new Command("pull", "Print every event after the stored cursor, then keep following the feed") { api, key, cursorFile, once };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(api)!, parse.GetValue(key)!, parse.GetValue(cursorFile)!, parse.GetValue(once), ct));
        return command;
    }

    private static async Task<int> RunAsync(Uri api, string key, FileInfo cursorFile, bool once, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = api };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var cursor = cursorFile.Exists ? (await File.ReadAllTextAsync(cursorFile.FullName, cancellationToken)).Trim() : null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var query = string.IsNullOrEmpty(cursor) ? "/api/events?limit=500" : $"/api/events?limit=500&after={Uri.EscapeDataString(cursor)}";
                using var page = JsonDocument.Parse(await http.GetStringAsync(query, cancellationToken));
                var items = page.RootElement.GetProperty("items");
                foreach (var e in items.EnumerateArray())
                {
                    Console.WriteLine($"{e.GetProperty("occurredAt").GetString()} {e.GetProperty("sku").GetString()} v{e.GetProperty("version").GetInt64()} {e.GetProperty("type").GetString()}");
                }

                if (page.RootElement.GetProperty("next").GetString() is { } next && next != cursor)
                {
                    // Written aside and moved over, so a crash never leaves half a cursor.
                    await File.WriteAllTextAsync(cursorFile.FullName + ".tmp", next, cancellationToken);
                    File.Move(cursorFile.FullName + ".tmp", cursorFile.FullName, overwrite: true);
                    cursor = next;
                }

                if (items.GetArrayLength() == 0)
                {
                    if (once)
                    {
                        return 0;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return 0;
    }
}
