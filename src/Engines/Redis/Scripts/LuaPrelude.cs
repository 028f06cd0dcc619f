namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>
/// Lua functions every writing script starts with. A change and its write-behind record are made
/// by the same script, so Redis never holds one without the other.
/// </summary>
public static class LuaPrelude
{
    public const string Source = """
        -- Appends the SKU's counters (and the whole reservation, when one changed) to the change
        -- stream, with what the history and the events need: the kind, its quantity (signed for an
        -- adjustment), the available units just before (threshold events are decided from it and the
        -- low-stock threshold in force now), the reason and who made it. Values are read back as
        -- strings, so nothing passes through a Lua double.
        -- change: kind, quantity, before, reason ('' = none), actor ('' = none), and for an adjustment
        -- made with an Idempotency-Key the key and its fingerprint (PostgreSQL keeps them for a reload).
        local function log_change(stream, sku, counters, at, change, id, res)
          local c = redis.call('HMGET', counters, 'version', 'available', 'reserved', 'sold', 'restocked', 'adjusted', 'lowStockThreshold')
          local fields = {'sku', sku, 'v', c[1], 'a', c[2], 'r', c[3], 's', c[4], 'rs', c[5], 't', at,
            'kd', change.kind, 'dq', change.quantity, 'ab', change.before, 'ad', c[6] or '0', 'lt', c[7] or '',
            'rn', change.reason or '', 'ac', change.actor or ''}
          if change.key then
            fields[#fields + 1] = 'ak'
            fields[#fields + 1] = change.key
            fields[#fields + 1] = 'af'
            fields[#fields + 1] = change.fingerprint
          end
          if id then
            local r = redis.call('HMGET', res, 'quantity', 'userId', 'status', 'createdAt', 'expiresAt', 'idempotencyKey', 'requestHash', 'owner')
            for _, value in ipairs({'id', id, 'q', r[1], 'u', r[2], 'st', r[3], 'c', r[4], 'e', r[5], 'k', r[6], 'h', r[7], 'o', r[8] or ''}) do
              fields[#fields + 1] = value
            end
          end
          redis.call('XADD', stream, '*', unpack(fields))
        end

        -- The SKU's hash of user -> units held (pending plus confirmed): stock:{SKU}:held beside
        -- stock:{SKU}:counters (the same hash tag). Kept for every product, not only limited ones,
        -- so that a maxPerUser set later by a PATCH holds at once against what each user has.
        local function held_key(counters)
          return string.sub(counters, 1, -9) .. 'held'
        end

        local function hold(counters, user, delta)
          local key = held_key(counters)
          if redis.call('HINCRBY', key, user, delta) <= 0 then
            redis.call('HDEL', key, user)
          end
        end

        -- Moves a pending reservation to a final status and its units with it. A completed
        -- reservation stays readable for the retention, then only PostgreSQL has it.
        -- actor: who completed it ('' for an expiry: nobody did).
        local function settle(counters, expiry, stream, sku, res, id, status, at, retention, actor)
          local quantity = tonumber(redis.call('HGET', res, 'quantity'))
          local before = redis.call('HGET', counters, 'available')
          redis.call('HINCRBY', counters, 'reserved', -quantity)
          if status == 'confirmed' then
            redis.call('HINCRBY', counters, 'sold', quantity)
          else
            redis.call('HINCRBY', counters, 'available', quantity)
            hold(counters, redis.call('HGET', res, 'userId'), -quantity)
          end
          redis.call('HINCRBY', counters, 'version', 1)
          redis.call('HSET', res, 'status', status, 'updatedAt', at)
          redis.call('ZREM', expiry, id)
          redis.call('PEXPIRE', res, retention)
          if status == 'expired' then
            actor = ''
          end
          log_change(stream, sku, counters, at, {kind = status, quantity = quantity, before = before, actor = actor}, id, res)
        end

        -- Decides a reserve without writing anything: nil when the units can be taken, else the
        -- reply that stands instead: {'reused'}, {'limit', maxPerUser, held}, {'insufficient', available}
        -- or {'replay', id, hash}. A cart checks every line with this before it takes any.
        local function reserve_refusal(counters, idem, key, request_hash, quantity, res_prefix, user)
          if key ~= '' then
            local earlier = redis.call('GET', idem)
            if earlier then
              local bar = string.find(earlier, '|', 1, true)
              if string.sub(earlier, bar + 1) ~= request_hash then
                return {'reused'}
              end
              local id = string.sub(earlier, 1, bar - 1)
              return {'replay', id, redis.call('HGETALL', res_prefix .. id)}
            end
          end
          local max = redis.call('HGET', counters, 'maxPerUser')
          if max then
            local held = tonumber(redis.call('HGET', held_key(counters), user) or '0')
            if held + quantity > tonumber(max) then
              return {'limit', tonumber(max), held}
            end
          end
          local available = tonumber(redis.call('HGET', counters, 'available'))
          if available < quantity then
            return {'insufficient', available}
          end
          return nil
        end

        -- Takes the units of a reserve that reserve_refusal let through: writes the reservation,
        -- schedules its expiry, keeps its idempotency key and logs the change.
        -- r: sku, id, quantity, userId, createdAt, expiresAt, key ('' = none), requestHash, owner ('' = none).
        local function reserve_take(counters, expiry, res, idem, stream, expiring, r, key_ttl)
          local before = redis.call('HGET', counters, 'available')
          redis.call('HINCRBY', counters, 'available', -tonumber(r.quantity))
          redis.call('HINCRBY', counters, 'reserved', r.quantity)
          redis.call('HINCRBY', counters, 'version', 1)
          hold(counters, r.userId, tonumber(r.quantity))
          redis.call('HSET', res, 'quantity', r.quantity, 'userId', r.userId, 'status', 'pending', 'createdAt', r.createdAt,
            'expiresAt', r.expiresAt, 'updatedAt', r.createdAt, 'idempotencyKey', r.key, 'requestHash', r.requestHash, 'owner', r.owner)
          redis.call('ZADD', expiry, r.expiresAt, r.id)
          -- LT: the work list keeps the SKU's earliest expiry; a new SKU is added.
          redis.call('ZADD', expiring, 'LT', r.expiresAt, r.sku)
          if r.key ~= '' then
            redis.call('SET', idem, r.id .. '|' .. r.requestHash, 'PX', key_ttl)
          end
          log_change(stream, r.sku, counters, r.createdAt, {kind = 'reserved', quantity = r.quantity, before = before, actor = r.owner}, r.id, res)
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
