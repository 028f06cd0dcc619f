namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>Restock: adds units and logs the change. Replies <c>{'ok', counters-hash}</c> or <c>{'missing'}</c>.</summary>
public static class RestockScript
{
    public static readonly RedisScript Script = new("restock", LuaPrelude.Source + """
        -- KEYS: counters, changes
        -- ARGV: sku, quantity, now (ms)
        local counters, stream = KEYS[1], KEYS[2]
        if redis.call('EXISTS', counters) == 0 then
          return {'missing'}
        end
        redis.call('HINCRBY', counters, 'available', ARGV[2])
        redis.call('HINCRBY', counters, 'restocked', ARGV[2])
        redis.call('HINCRBY', counters, 'version', 1)
        log_change(stream, ARGV[1], counters, ARGV[3])
        return {'ok', redis.call('HGETALL', counters)}
        """);
}
