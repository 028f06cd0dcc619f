namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>
/// A stock adjustment, delta or set, in one atomic step: the idempotency check, the compare-and-set,
/// the stock check, the change and its stream entry. Pending reservations are never touched, so
/// only available moves. A set to the current on hand changes nothing and logs nothing.
/// Replies <c>{'ok', counters-hash}</c>, <c>{'missing'}</c>, <c>{'reused'}</c>, <c>{'replay', counters-hash}</c>,
/// <c>{'mismatch', version, onHand}</c> or <c>{'insufficient', available}</c>.
/// </summary>
public static class AdjustScript
{
    public static readonly RedisScript Script = new("adjust", LuaPrelude.Source + """
        -- KEYS: counters, idempotency, changes
        -- ARGV: sku, mode ('delta' | 'set'), amount, expected ('' = none: version for a delta, on hand for a set),
        --       reason, actor ('' = none), idempotency key ('' = none), fingerprint, idempotency ttl (ms), now (ms)
        local counters, idem, stream = KEYS[1], KEYS[2], KEYS[3]
        if redis.call('EXISTS', counters) == 0 then
          return {'missing'}
        end
        if ARGV[7] ~= '' then
          local earlier = redis.call('GET', idem)
          if earlier then
            if earlier ~= ARGV[8] then
              return {'reused'}
            end
            return {'replay', redis.call('HGETALL', counters)}
          end
        end
        local c = redis.call('HMGET', counters, 'version', 'available', 'reserved')
        local version, available, reserved = tonumber(c[1]), tonumber(c[2]), tonumber(c[3])
        local on_hand = available + reserved
        if ARGV[4] ~= '' then
          local seen = ARGV[2] == 'delta' and version or on_hand
          if tonumber(ARGV[4]) ~= seen then
            return {'mismatch', version, on_hand}
          end
        end
        local delta = tonumber(ARGV[3])
        if ARGV[2] == 'set' then
          delta = delta - on_hand
        end
        -- A delta below -available, or a set below reserved: pending units are never taken back.
        -- A refusal is not remembered under the key, as a refused reserve is not.
        if available + delta < 0 then
          return {'insufficient', available}
        end
        if ARGV[7] ~= '' then
          redis.call('SET', idem, ARGV[8], 'PX', ARGV[9])
        end
        if delta == 0 then
          return {'ok', redis.call('HGETALL', counters)}
        end
        local text = string.format('%d', delta)
        redis.call('HINCRBY', counters, 'available', text)
        redis.call('HINCRBY', counters, 'adjusted', text)
        redis.call('HINCRBY', counters, 'version', 1)
        local key = nil
        if ARGV[7] ~= '' then
          key = ARGV[7]
        end
        log_change(stream, ARGV[1], counters, ARGV[10],
          {kind = 'adjusted', quantity = text, before = c[2], reason = ARGV[5], actor = ARGV[6], key = key, fingerprint = ARGV[8]})
        return {'ok', redis.call('HGETALL', counters)}
        """);
}
