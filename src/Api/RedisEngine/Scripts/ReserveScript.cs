namespace Orleans.Stock.Api.RedisEngine.Scripts;

/// <summary>
/// Reserve: the idempotency check, the stock check, taking the units, writing the reservation,
/// scheduling its expiry and logging the change, all in one atomic step.
/// Replies <c>{'ok'}</c>, <c>{'missing'}</c> (product not in Redis), <c>{'reused'}</c>,
/// <c>{'insufficient', available}</c> or <c>{'replay', id, reservation-hash}</c>.
/// </summary>
public static class ReserveScript
{
    public static readonly RedisScript Script = new("reserve", LuaPrelude.Source + """
        -- KEYS: counters, expiry, reservation, idempotency, changes, expiring
        -- ARGV: sku, id, quantity, userId, createdAt, expiresAt, idempotencyKey ('' = none),
        --       requestHash, idempotency ttl (ms), reservation key prefix
        local counters, expiry, res, idem, stream, expiring = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
        if redis.call('EXISTS', counters) == 0 then
          return {'missing'}
        end
        local key = ARGV[7]
        if key ~= '' then
          local earlier = redis.call('GET', idem)
          if earlier then
            local bar = string.find(earlier, '|', 1, true)
            if string.sub(earlier, bar + 1) ~= ARGV[8] then
              return {'reused'}
            end
            local id = string.sub(earlier, 1, bar - 1)
            return {'replay', id, redis.call('HGETALL', ARGV[10] .. id)}
          end
        end
        local quantity = tonumber(ARGV[3])
        local available = tonumber(redis.call('HGET', counters, 'available'))
        if available < quantity then
          return {'insufficient', available}
        end
        redis.call('HINCRBY', counters, 'available', -quantity)
        redis.call('HINCRBY', counters, 'reserved', quantity)
        redis.call('HINCRBY', counters, 'version', 1)
        redis.call('HSET', res, 'quantity', ARGV[3], 'userId', ARGV[4], 'status', 'pending', 'createdAt', ARGV[5],
          'expiresAt', ARGV[6], 'updatedAt', ARGV[5], 'idempotencyKey', key, 'requestHash', ARGV[8])
        redis.call('ZADD', expiry, ARGV[6], ARGV[2])
        -- LT: the work list keeps the SKU's earliest expiry; a new SKU is added.
        redis.call('ZADD', expiring, 'LT', ARGV[6], ARGV[1])
        if key ~= '' then
          redis.call('SET', idem, ARGV[2] .. '|' .. ARGV[8], 'PX', ARGV[9])
        end
        log_change(stream, ARGV[1], counters, ARGV[5], ARGV[2], res)
        return {'ok'}
        """);
}
