namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>Reads a SKU's counters (an empty reply: the product is not in Redis).</summary>
public static class ReadProductScript
{
    public static readonly RedisScript Script = new("read-product", """
        -- KEYS: counters
        return redis.call('HGETALL', KEYS[1])
        """);
}
