namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>
/// Reserve: the idempotency check, the stock check, taking the units, writing the reservation,
/// scheduling its expiry and logging the change, all in one atomic step.
/// Replies <c>{'ok'}</c>, <c>{'missing'}</c> (product not in Redis), <c>{'reused'}</c>,
/// <c>{'limit', maxPerUser, held}</c>, <c>{'insufficient', available}</c> or <c>{'replay', id, reservation-hash}</c>.
/// </summary>
public static class ReserveScript
{
    public static readonly RedisScript Script = new("reserve", LuaPrelude.Source + """
        -- KEYS: counters, expiry, reservation, idempotency, changes, expiring
        -- ARGV: sku, id, quantity, userId, createdAt, expiresAt, idempotencyKey ('' = none),
        --       requestHash, idempotency ttl (ms), reservation key prefix, owner ('' = none)
        local counters, expiry, res, idem, stream, expiring = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
        if redis.call('EXISTS', counters) == 0 then
          return {'missing'}
        end
        local refusal = reserve_refusal(counters, idem, ARGV[7], ARGV[8], tonumber(ARGV[3]), ARGV[10], ARGV[4])
        if refusal then
          return refusal
        end
        local r = {sku = ARGV[1], id = ARGV[2], quantity = ARGV[3], userId = ARGV[4], createdAt = ARGV[5],
          expiresAt = ARGV[6], key = ARGV[7], requestHash = ARGV[8], owner = ARGV[11]}
        reserve_take(counters, expiry, res, idem, stream, expiring, r, ARGV[9])
        return {'ok'}
        """);
}
