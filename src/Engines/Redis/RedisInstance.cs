using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// The id of the Redis data set this process talks to (<see cref="RedisKeys.Instance"/>), made by
/// whoever meets the data set first. A Redis that restarts empty gets a new one, so its new stream is
/// never measured against the old stream's watermark.
/// </summary>
public sealed class RedisInstance([FromKeyedServices(RedisEngineSetup.ServiceKey)] IConnectionMultiplexer redis)
{
    private volatile string? _id;

    /// <summary>The id read at the last reconciliation; null before the first.</summary>
    public string? Id => _id;

    /// <summary>Reads the id, making it if the data set has none; <c>Created</c> says the data set was empty of it.</summary>
    public async Task<(string Id, bool Created)> RefreshAsync()
    {
        var database = redis.GetDatabase();
        var candidate = Guid.NewGuid().ToString("N");
        var created = await database.StringSetAsync(RedisKeys.Instance, candidate, when: When.NotExists);
        var id = created ? candidate : (string?)await database.StringGetAsync(RedisKeys.Instance)
            ?? throw new InvalidOperationException($"Redis key {RedisKeys.Instance} vanished while it was read.");
        _id = id;
        return (id, created);
    }
}
