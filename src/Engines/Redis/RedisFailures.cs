using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>Which Redis failures mean "unreachable or not ready, retry shortly" (a 503) rather than a bug.</summary>
public static class RedisFailures
{
    // LOADING: replaying its append-only file after a restart; BUSY: a long script; the rest: a
    // replica or a server that cannot persist refusing writes.
    private static readonly string[] NotReadyPrefixes = ["LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "READONLY", "MISCONF", "NOREPLICAS"];

    public static bool IsUnavailable(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException server => NotReadyPrefixes.Any(p => server.Message.StartsWith(p, StringComparison.Ordinal)),
        _ => false,
    };
}
