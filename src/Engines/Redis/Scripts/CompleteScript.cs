namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>
/// Confirm or cancel. A pending reservation past its <c>expiresAt</c> is expired here and then,
/// whether or not the sweeper has run yet. Repeating the same completion changes nothing.
/// A caller that names an owner finds only that owner's reservations (<c>{'notowned'}</c>, answered as not found).
/// Replies <c>{'ok', reservation-hash}</c>, <c>{'missing'}</c>, <c>{'notfound'}</c>, <c>{'notowned'}</c> or <c>{'notpending', status}</c>.
/// </summary>
public static class CompleteScript
{
    public static readonly RedisScript Script = new("complete", LuaPrelude.Source + """
        -- KEYS: counters, expiry, reservation, changes
        -- ARGV: sku, id, target status ('confirmed' | 'cancelled'), now (ms), retention (ms), owner ('' = any), actor ('' = none)
        local counters, expiry, res, stream = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
        if redis.call('EXISTS', counters) == 0 then
          return {'missing'}
        end
        local status = redis.call('HGET', res, 'status')
        if not status then
          return {'notfound'}
        end
        if ARGV[6] ~= '' and redis.call('HGET', res, 'owner') ~= ARGV[6] then
          return {'notowned'}
        end
        if status == 'pending' then
          if tonumber(ARGV[4]) >= tonumber(redis.call('HGET', res, 'expiresAt')) then
            status = 'expired'
          else
            status = ARGV[3]
          end
          settle(counters, expiry, stream, ARGV[1], res, ARGV[2], status, ARGV[4], ARGV[5], ARGV[7])
        end
        if status ~= ARGV[3] then
          return {'notpending', status}
        end
        return {'ok', redis.call('HGETALL', res)}
        """);
}
