namespace Orleans.Stock.Api.RedisEngine.Scripts;

/// <summary>
/// Lua functions every writing script starts with. A change and its write-behind record are made
/// by the same script, so Redis never holds one without the other.
/// </summary>
public static class LuaPrelude
{
    public const string Source = """
        -- Appends the SKU's counters (and the whole reservation, when one changed) to the change
        -- stream. Values are read back as strings, so nothing passes through a Lua double.
        local function log_change(stream, sku, counters, at, id, res)
          local c = redis.call('HMGET', counters, 'version', 'available', 'reserved', 'sold', 'restocked')
          if id then
            local r = redis.call('HMGET', res, 'quantity', 'userId', 'status', 'createdAt', 'expiresAt', 'idempotencyKey', 'requestHash')
            redis.call('XADD', stream, '*', 'sku', sku, 'v', c[1], 'a', c[2], 'r', c[3], 's', c[4], 'rs', c[5], 't', at,
              'id', id, 'q', r[1], 'u', r[2], 'st', r[3], 'c', r[4], 'e', r[5], 'k', r[6], 'h', r[7])
          else
            redis.call('XADD', stream, '*', 'sku', sku, 'v', c[1], 'a', c[2], 'r', c[3], 's', c[4], 'rs', c[5], 't', at)
          end
        end

        -- Moves a pending reservation to a final status and its units with it. A completed
        -- reservation stays readable for the retention, then only PostgreSQL has it.
        local function settle(counters, expiry, stream, sku, res, id, status, at, retention)
          local quantity = tonumber(redis.call('HGET', res, 'quantity'))
          redis.call('HINCRBY', counters, 'reserved', -quantity)
          if status == 'confirmed' then
            redis.call('HINCRBY', counters, 'sold', quantity)
          else
            redis.call('HINCRBY', counters, 'available', quantity)
          end
          redis.call('HINCRBY', counters, 'version', 1)
          redis.call('HSET', res, 'status', status, 'updatedAt', at)
          redis.call('ZREM', expiry, id)
          redis.call('PEXPIRE', res, retention)
          log_change(stream, sku, counters, at, id, res)
        end

        -- Points the sweeper's work list at the SKU's earliest pending expiry, or drops the SKU.
        local function reschedule(expiry, expiring, sku)
          local first = redis.call('ZRANGE', expiry, 0, 0, 'WITHSCORES')
          if #first > 0 then
            redis.call('ZADD', expiring, first[2], sku)
          else
            redis.call('ZREM', expiring, sku)
          end
        end

        """;
}
