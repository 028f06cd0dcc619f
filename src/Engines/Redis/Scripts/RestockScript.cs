namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>Restock: adds units and logs the change. Replies <c>{'ok', counters-hash}</c> or <c>{'missing'}</c>.</summary>
public static class RestockScript
{
    public static readonly RedisScript Script = new("restock", LuaPrelude.Source + """
        -- KEYS: counters, changes
        -- ARGV: sku, quantity, now (ms), actor ('' = none)
        local counters, stream = KEYS[1], KEYS[2]
        if redis.call('EXISTS', counters) == 0 then
          return {'missing'}
        end
        local before = redis.call('HGET', counters, 'available')
        redis.call('HINCRBY', counters, 'available', ARGV[2])
        redis.call('HINCRBY', counters, 'restocked', ARGV[2])
        redis.call('HINCRBY', counters, 'version', 1)
        log_change(stream, ARGV[1], counters, ARGV[3], {kind = 'restocked', quantity = ARGV[2], before = before, actor = ARGV[4]})
        return {'ok', redis.call('HGETALL', counters)}
        """);
}
