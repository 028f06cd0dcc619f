namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>
/// Puts a product into Redis from PostgreSQL: its counters, pending reservations and the
/// reservations whose Idempotency-Key is still remembered. Modes: <c>create</c> (a new product,
/// always written), <c>missing</c> (only when Redis lacks the product), <c>behind</c> (only when
/// Redis holds an older version: Redis lost changes PostgreSQL already has). Reservations Redis has
/// as pending and PostgreSQL does not know are dropped, since the loaded counters do not count them.
/// Overdue reservations are expired at once. Replies 1 when it loaded, 0 when it left Redis alone.
/// </summary>
public static class LoadScript
{
    /// <summary>Values per reservation after the fixed arguments.</summary>
    public const int ReservationFields = 11;

    /// <summary>Arguments before the first reservation.</summary>
    public const int FixedArguments = 19;

    public static readonly RedisScript Script = new("load", LuaPrelude.Source + """
        -- KEYS: counters, expiry, changes, expiring
        -- ARGV: 1 sku, 2 mode, 3 version, 4 name, 5 initial, 6 available, 7 reserved, 8 sold, 9 restocked,
        --       10 createdAt, 11 now (ms), 12 reservation key prefix, 13 idempotency key prefix, 14 retention (ms),
        --       15 maxPerUser ('' = none), 16 units held per user (JSON object, user -> units),
        --       17 adjusted, 18 lowStockThreshold ('' = none),
        --       19 adjustment Idempotency-Keys still remembered (JSON array of [key, fingerprint, ttl left (ms)]),
        --       then per reservation: id, quantity, userId, status, createdAt, expiresAt, updatedAt,
        --       idempotencyKey, requestHash, idempotency ttl left (ms, 0 = forget the key), owner ('' = none)
        local counters, expiry, stream, expiring = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
        local sku, mode = ARGV[1], ARGV[2]
        local current = redis.call('HGET', counters, 'version')
        if current and mode == 'missing' then
          return 0
        end
        if current and mode == 'behind' and tonumber(current) >= tonumber(ARGV[3]) then
          return 0
        end
        local stale = {}
        if mode == 'behind' then
          stale = redis.call('ZRANGE', expiry, 0, -1)
        end
        redis.call('DEL', counters, expiry, held_key(counters))
        redis.call('HSET', counters, 'name', ARGV[4], 'initial', ARGV[5], 'available', ARGV[6], 'reserved', ARGV[7],
          'sold', ARGV[8], 'restocked', ARGV[9], 'version', ARGV[3], 'createdAt', ARGV[10], 'adjusted', ARGV[17])
        if ARGV[15] ~= '' then
          redis.call('HSET', counters, 'maxPerUser', ARGV[15])
        end
        if ARGV[18] ~= '' then
          redis.call('HSET', counters, 'lowStockThreshold', ARGV[18])
        end
        for user, units in pairs(cjson.decode(ARGV[16])) do
          redis.call('HSET', held_key(counters), user, string.format('%d', units))
        end
        for _, k in ipairs(cjson.decode(ARGV[19])) do
          redis.call('SET', ARGV[13] .. k[1], k[2], 'PX', k[3])
        end
        local pending = {}
        for i = 20, #ARGV, 11 do
          local id, status = ARGV[i], ARGV[i + 3]
          local res = ARGV[12] .. id
          redis.call('DEL', res)
          redis.call('HSET', res, 'quantity', ARGV[i + 1], 'userId', ARGV[i + 2], 'status', status, 'createdAt', ARGV[i + 4],
            'expiresAt', ARGV[i + 5], 'updatedAt', ARGV[i + 6], 'idempotencyKey', ARGV[i + 7], 'requestHash', ARGV[i + 8], 'owner', ARGV[i + 10])
          if status == 'pending' then
            redis.call('ZADD', expiry, ARGV[i + 5], id)
            pending[id] = true
          else
            redis.call('PEXPIRE', res, ARGV[14])
          end
          if ARGV[i + 7] ~= '' and tonumber(ARGV[i + 9]) > 0 then
            redis.call('SET', ARGV[13] .. ARGV[i + 7], id .. '|' .. ARGV[i + 8], 'PX', ARGV[i + 9])
          end
        end
        for _, id in ipairs(stale) do
          local res = ARGV[12] .. id
          if not pending[id] and redis.call('HGET', res, 'status') == 'pending' then
            redis.call('DEL', res)
          end
        end
        -- A read right after the load must already show overdue reservations released.
        local due = redis.call('ZRANGEBYSCORE', expiry, '-inf', ARGV[11])
        for _, id in ipairs(due) do
          settle(counters, expiry, stream, sku, ARGV[12] .. id, id, 'expired', ARGV[11], ARGV[14], '')
        end
        reschedule(expiry, expiring, sku)
        return 1
        """);
}
