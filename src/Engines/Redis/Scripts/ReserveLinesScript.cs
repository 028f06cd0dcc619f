namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>
/// A cart's redis lines, all or nothing: every line goes through the checks of
/// <see cref="ReserveScript"/> (product loaded, idempotency key, stock) before any is taken, so a
/// refused cart writes nothing, not even to the change stream. Then each line is taken, written,
/// scheduled and logged as a single reserve would be. The lines' SKUs have different hash tags,
/// which a single Redis allows and Redis Cluster would not.
/// Replies <c>{'ok', {line...}}</c> with each line <c>{'taken'}</c> or <c>{'replay', id, reservation-hash}</c>;
/// else the first failing line in input order (0-based): <c>{'missing', index}</c> (product not in
/// Redis) or <c>{'refused', index, refusal}</c> with the refusal as <see cref="ReserveScript"/> replies it.
/// </summary>
public static class ReserveLinesScript
{
    public const int KeysPerLine = 4;
    public const int ArgumentsPerLine = 10;

    public static readonly RedisScript Script = new("reserve-lines", LuaPrelude.Source + """
        -- KEYS: changes, expiring, then per line: counters, expiry, reservation, idempotency
        -- ARGV: idempotency ttl (ms), then per line: sku, id, quantity, userId, createdAt, expiresAt,
        --       idempotencyKey ('' = none), requestHash, reservation key prefix, owner ('' = none)
        local stream, expiring = KEYS[1], KEYS[2]
        local lines = (#KEYS - 2) / 4
        local function keys_of(i)
          local k = 2 + (i - 1) * 4
          return KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4]
        end
        local function line_of(i)
          local a = 1 + (i - 1) * 10
          return {sku = ARGV[a + 1], id = ARGV[a + 2], quantity = ARGV[a + 3], userId = ARGV[a + 4], createdAt = ARGV[a + 5],
            expiresAt = ARGV[a + 6], key = ARGV[a + 7], requestHash = ARGV[a + 8], resPrefix = ARGV[a + 9], owner = ARGV[a + 10]}
        end

        -- Every check first: nothing is written unless every line can be served.
        local replies = {}
        for i = 1, lines do
          local counters, _, _, idem = keys_of(i)
          if redis.call('EXISTS', counters) == 0 then
            return {'missing', i - 1}
          end
          local r = line_of(i)
          local refusal = reserve_refusal(counters, idem, r.key, r.requestHash, tonumber(r.quantity), r.resPrefix, r.userId)
          if refusal and refusal[1] ~= 'replay' then
            return {'refused', i - 1, refusal}
          end
          replies[i] = refusal or {'taken'}
        end

        for i = 1, lines do
          if replies[i][1] == 'taken' then
            local counters, expiry, res, idem = keys_of(i)
            reserve_take(counters, expiry, res, idem, stream, expiring, line_of(i), ARGV[1])
          end
        end
        return {'ok', replies}
        """);
}
