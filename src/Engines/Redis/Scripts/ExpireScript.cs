namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>
/// The sweep of one SKU: releases up to a batch of due pending reservations and reschedules the
/// SKU on the work list. Replies the number released.
/// </summary>
public static class ExpireScript
{
    public static readonly RedisScript Script = new("expire", LuaPrelude.Source + """
        -- KEYS: counters, expiry, changes, expiring
        -- ARGV: sku, now (ms), batch, reservation key prefix, retention (ms)
        local counters, expiry, stream, expiring = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
        if redis.call('EXISTS', counters) == 0 then
          redis.call('ZREM', expiring, ARGV[1])
          return 0
        end
        local due = redis.call('ZRANGEBYSCORE', expiry, '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
        local expired = 0
        for _, id in ipairs(due) do
          local res = ARGV[4] .. id
          if redis.call('HGET', res, 'status') == 'pending' then
            settle(counters, expiry, stream, ARGV[1], res, id, 'expired', ARGV[2], ARGV[5], '')
            expired = expired + 1
          else
            redis.call('ZREM', expiry, id)
          end
        end
        reschedule(expiry, expiring, ARGV[1])
        return expired
        """);
}
