using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// Brings products from PostgreSQL into Redis: a new product, one Redis lacks (it restarted empty or
/// lost the keys), or one Redis holds at an older version than PostgreSQL. Every load is one script
/// that checks, in Redis, that it still applies, so concurrent loaders (here or in another API
/// process) cannot undo each other or a change made in between.
/// </summary>
public sealed partial class RedisProductLoader(
    RedisStockStore store,
    RedisProductMirror mirror,
    RedisEngineMetrics metrics,
    TimeProvider time,
    IOptions<RedisEngineOptions> options,
    ILogger<RedisProductLoader> logger)
{
    // One load per SKU at a time in this process: 300 requests that find a product missing make one load.
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _inFlight = new(StringComparer.Ordinal);

    public async Task CreateAsync(ProductView product)
    {
        var snapshot = new ProductSnapshot(
            product.Sku, product.Name, product.InitialStock, product.Available, product.Reserved, product.Sold, product.Restocked,
            product.Version, product.CreatedAt, [], product.MaxPerUser, Held: null, product.Adjusted, product.LowStockThreshold);
        await store.LoadAsync(snapshot, LoadMode.Create, time.GetUtcNow().UtcDateTime);
    }

    /// <summary>Loads a product Redis lacks; false when PostgreSQL has no such product either.</summary>
    public async Task<bool> LoadMissingAsync(string sku)
    {
        var load = _inFlight.GetOrAdd(sku, s => new Lazy<Task<bool>>(() => LoadAsync(s, LoadMode.Missing, [])));
        try
        {
            return await load.Value;
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(sku, load));
        }
    }

    /// <summary>Reloads a product if Redis holds an older version than PostgreSQL (or none); true when it did.</summary>
    public async Task<bool> CatchUpAsync(string sku)
    {
        // What Redis holds as pending must be asked about: PostgreSQL may have completed it since.
        var pending = await store.PendingIdsAsync(sku);
        return await LoadAsync(sku, LoadMode.Behind, pending);
    }

    private async Task<bool> LoadAsync(string sku, LoadMode mode, IReadOnlyCollection<string> pendingInRedis)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var snapshot = await mirror.ReadAsync(sku, pendingInRedis, now - options.Value.IdempotencyKeyTtl, CancellationToken.None);
        if (snapshot is null)
        {
            return false;
        }

        var loaded = await store.LoadAsync(snapshot, mode, now);
        if (loaded)
        {
            metrics.Loaded(mode == LoadMode.Missing ? "missing" : "behind");
            LogLoaded(sku, snapshot.Version, snapshot.Reservations.Count, mode);
        }

        return mode == LoadMode.Missing || loaded;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Sku} into Redis from PostgreSQL at version {Version} with {Reservations} reservation(s) ({Mode}).")]
    private partial void LogLoaded(string sku, long version, int reservations, LoadMode mode);
}
