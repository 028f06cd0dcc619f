using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// One write-behind step: under the data set's lock, read the changes after the watermark from the
/// stream, apply them and advance the watermark in one PostgreSQL transaction, then trim what is
/// applied from the stream. A crash anywhere repeats at most the last batch, which changes nothing.
/// </summary>
public sealed class RedisChangeSync(
    [FromKeyedServices(RedisEngineSetup.ServiceKey)] IConnectionMultiplexer redis,
    NpgsqlDataSource dataSource,
    RedisEngineMetrics metrics,
    IOptions<RedisEngineOptions> options)
{
    /// <summary>Applies batches until the stream is drained; returns the number of changes applied.</summary>
    public async Task<long> DrainAsync(string instance, CancellationToken cancellationToken)
    {
        long total = 0;
        int applied;
        do
        {
            applied = await SyncBatchAsync(instance, cancellationToken);
            total += applied;
        }
        while (applied == options.Value.SyncBatchSize);

        return total;
    }

    /// <summary>Applies one batch; returns its size (0 when nothing waits or another process holds the lock).</summary>
    public async Task<int> SyncBatchAsync(string instance, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await SyncWatermarkStore.TryLockAsync(connection, transaction, instance, cancellationToken))
        {
            return 0;
        }

        var watermark = await SyncWatermarkStore.ReadAsync(connection, transaction, instance, cancellationToken) ?? ChangeStreamId.Zero;
        var database = redis.GetDatabase();
        var entries = await database.StreamRangeAsync(RedisKeys.Changes, $"({watermark}", "+", options.Value.SyncBatchSize);
        if (entries.Length == 0)
        {
            return 0;
        }

        var changes = entries.Select(StockChangeParser.Parse).ToList();
        await SyncBatchWriter.ApplyAsync(connection, transaction, changes, cancellationToken);
        var last = changes[^1].Id;
        await SyncWatermarkStore.WriteAsync(connection, transaction, instance, last, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.Synced(changes.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        // Only after the commit: until then the entries are the only copy outside Redis's memory.
        await database.StreamTrimByMinIdAsync(RedisKeys.Changes, last.Next().ToString());
        return changes.Count;
    }

    /// <summary>When the oldest change not yet applied was made, or null when none waits (applied entries are trimmed).</summary>
    public async Task<DateTime?> OldestWaitingAsync()
    {
        var head = await redis.GetDatabase().StreamRangeAsync(RedisKeys.Changes, "-", "+", 1);
        return head.Length == 0 ? null : StockChangeParser.Parse(head[0]).At;
    }
}
