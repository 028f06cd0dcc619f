using System.Net.Sockets;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Orleans.Stock.Schema.Cli;

/// <summary>
/// Retries while the server is not up yet (refused connections, "the database system is starting up"),
/// for at most the given time, and never on a script's own error: that one must stop the job with its message.
/// </summary>
public static class DatabaseReadiness
{
    public static ResiliencePipeline Pipeline(TimeSpan wait)
    {
        var deadline = TimeProvider.System.GetUtcNow() + wait;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception && IsNotReady(exception) && TimeProvider.System.GetUtcNow() < deadline),
                MaxRetryAttempts = int.MaxValue,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Constant,
                OnRetry = args =>
                {
                    Console.Error.WriteLine($"database not ready ({args.Outcome.Exception?.Message}); retrying");
                    return default;
                },
            })
            .Build();
    }

    private static bool IsNotReady(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == "57P03",
        NpgsqlException npgsql => npgsql.InnerException is SocketException or TimeoutException or IOException,
        SocketException => true,
        _ => false,
    };
}
