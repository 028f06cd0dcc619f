using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// Makes Redis at least as new as PostgreSQL before requests are served (at start-up and after the
/// connection to Redis comes back). The write-behind only ever copies what Redis has, so PostgreSQL
/// can be ahead only when Redis lost changes after they were synced (a crash before its append-only
/// file reached the disk). That shows as a stream that ends before the watermark: then every product
/// PostgreSQL holds at a newer version is reloaded from it.
/// </summary>
public sealed partial class RedisReconciler(
    [FromKeyedServices(RedisEngineSetup.ServiceKey)] IConnectionMultiplexer redis,
    RedisInstance instance,
    SyncWatermarkStore watermarks,
    RedisProductMirror mirror,
    RedisProductLoader loader,
    ILogger<RedisReconciler> logger)
{
    /// <summary>Reconciles; returns the products to load in the background once requests are let in.</summary>
    public async Task<IReadOnlyList<string>> ReconcileAsync(CancellationToken cancellationToken)
    {
        var (id, created) = await instance.RefreshAsync();
        if (created)
        {
            // An empty Redis: products load on first use; those holding pending reservations are
            // also loaded in the background, so their expiry runs without waiting for a request.
            var products = await mirror.ListAsync(cancellationToken);
            var pending = products.Where(p => p.Reserved > 0).Select(p => p.Sku).ToList();
            LogEmptyRedis(id, pending.Count);
            return pending;
        }

        var watermark = await watermarks.ReadAsync(id, cancellationToken);
        var last = await LastGeneratedAsync();
        if (watermark is not { } applied || last >= applied)
        {
            return [];
        }

        LogRedisBehind(id, last.ToString(), applied.ToString());
        var behind = 0;
        foreach (var product in await mirror.ListAsync(cancellationToken))
        {
            var version = (long?)await redis.GetDatabase().HashGetAsync(RedisKeys.Counters(product.Sku), "version");
            if ((version is null || version < product.Version) && await loader.CatchUpAsync(product.Sku))
            {
                behind++;
            }
        }

        // The ids Redis makes from now on follow its own last one, not the lost ones.
        await watermarks.LowerAsync(id, last, cancellationToken);
        LogCaughtUp(behind);
        return [];
    }

    private async Task<ChangeStreamId> LastGeneratedAsync()
    {
        var database = redis.GetDatabase();
        if (!await database.KeyExistsAsync(RedisKeys.Changes))
        {
            return ChangeStreamId.Zero;
        }

        var info = await database.StreamInfoAsync(RedisKeys.Changes);
        return ChangeStreamId.Parse(info.LastGeneratedId!);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis data set {Instance} is new (empty Redis); {Pending} product(s) with pending reservations load in the background, the rest on first use.")]
    private partial void LogEmptyRedis(string instance, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis data set {Instance} ends at change {Last} but PostgreSQL already applied up to {Applied}: Redis lost synced changes; reloading the products PostgreSQL has newer.")]
    private partial void LogRedisBehind(string instance, string last, string applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloaded {Count} product(s) from PostgreSQL.")]
    private partial void LogCaughtUp(int count);
}
