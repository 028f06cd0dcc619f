namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>
/// Reads a reservation, telling "product not in Redis" (load it, ask again) from "no such
/// reservation in Redis" (PostgreSQL may still have it). Replies <c>{'ok', hash}</c>, <c>{'missing'}</c> or <c>{'notfound'}</c>.
/// </summary>
public static class ReadReservationScript
{
    public static readonly RedisScript Script = new("read-reservation", """
        -- KEYS: counters, reservation
        if redis.call('EXISTS', KEYS[1]) == 0 then
          return {'missing'}
        end
        local res = redis.call('HGETALL', KEYS[2])
        if #res == 0 then
          return {'notfound'}
        end
        return {'ok', res}
        """);
}
