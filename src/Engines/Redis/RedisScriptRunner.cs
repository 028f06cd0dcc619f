using System.Diagnostics;
using Orleans.Stock.Engines.Redis.Scripts;
using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// Runs a script by its SHA-1 (<c>EVALSHA</c>): one round trip, no script text on the wire. When
/// Redis answers NOSCRIPT (it restarted, or its cache was flushed) the source goes once with
/// <c>EVAL</c>, which caches it again.
/// </summary>
public sealed class RedisScriptRunner([FromKeyedServices(RedisEngineSetup.ServiceKey)] IConnectionMultiplexer redis, RedisEngineMetrics metrics)
{
    public async Task<RedisResult> RunAsync(RedisScript script, RedisKey[] keys, RedisValue[] values)
    {
        var database = redis.GetDatabase();
        var started = Stopwatch.GetTimestamp();
        try
        {
            try
            {
                return await database.ScriptEvaluateAsync(script.Sha1, keys, values);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                return await database.ScriptEvaluateAsync(script.Source, keys, values);
            }
        }
        finally
        {
            metrics.Script(script.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
