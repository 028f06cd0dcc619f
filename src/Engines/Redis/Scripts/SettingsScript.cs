namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>
/// A product's settings (<c>maxPerUser</c>, <c>lowStockThreshold</c>): no counter, no version, no
/// stream entry. The per-user tally (<c>held</c>) is kept for every product, so a limit set here
/// holds from the next reserve on. Replies <c>{'ok', counters-hash}</c> or <c>{'missing'}</c>.
/// </summary>
public static class SettingsScript
{
    public static readonly RedisScript Script = new("settings", """
        -- KEYS: counters
        -- ARGV: sets maxPerUser ('1' | '0'), maxPerUser ('' = none), sets lowStockThreshold ('1' | '0'), lowStockThreshold ('' = none)
        local counters = KEYS[1]
        if redis.call('EXISTS', counters) == 0 then
          return {'missing'}
        end
        local function put(field, sets, value)
          if sets == '1' then
            if value == '' then
              redis.call('HDEL', counters, field)
            else
              redis.call('HSET', counters, field, value)
            end
          end
        end
        put('maxPerUser', ARGV[1], ARGV[2])
        put('lowStockThreshold', ARGV[3], ARGV[4])
        return {'ok', redis.call('HGETALL', counters)}
        """);
}
