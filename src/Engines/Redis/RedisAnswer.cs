using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Redis;

/// <summary>A script's answer: the reply when Redis held what it needed, else which part it lacked.</summary>
public readonly record struct RedisAnswer<T>(RedisLookup Lookup, StockReply<T> Reply)
{
    public static RedisAnswer<T> Of(StockReply<T> reply) => new(RedisLookup.Found, reply);

    public static RedisAnswer<T> Missing(RedisLookup lookup) => new(lookup, new StockReply<T> { Error = StockError.Unavailable });
}
