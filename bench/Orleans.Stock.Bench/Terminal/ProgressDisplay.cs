using Spectre.Console;

namespace Orleans.Stock.Bench.Terminal;

/// <summary>
/// A live status line while work runs, on a terminal only: redirected output (CI logs, files) gets
/// just the final tables, not hundreds of redraws.
/// </summary>
public static class ProgressDisplay
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(500);

    public static bool IsLive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static async Task<T> RunAsync<T>(string title, RunProgress progress, Func<Task<T>> work)
    {
        if (!IsLive)
        {
            return await work();
        }

        return await AnsiConsole.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync(Markup.Escape(title), async context =>
            {
                var task = work();
                while (await Task.WhenAny(task, Task.Delay(Refresh)) != task)
                {
                    context.Status(Markup.Escape($"{title} · {progress.Describe()}"));
                }

                return await task;
            });
    }
}
