using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// One write-behind step: under the data set's lock, read the changes after the watermark from the
/// stream, apply them and advance the watermark in one PostgreSQL transaction, then trim what is
/// applied from the stream. A crash anywhere repeats at most the last batch, which changes nothing.
/// A change PostgreSQL refuses for its data (or that cannot be read) goes to the dead letters
/// (<see cref="SyncDeadLetterStore"/>) and the rest of its batch commits: one bad change never stalls the stream.
/// </summary>
public sealed partial class RedisChangeSync(
    [FromKeyedServices(RedisEngineSetup.ServiceKey)] IConnectionMultiplexer redis,
    NpgsqlDataSource dataSource,
    RedisEngineMetrics metrics,
    IOptions<RedisEngineOptions> options,
    ILogger<RedisChangeSync> logger)
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
        try
        {
            return await SyncBatchAsync(instance, isolate: false, cancellationToken);
        }
        catch (Exception ex) when (SyncDeadLetterStore.IsDataError(ex))
        {
            // Nothing of the batch committed. Again, each change under a savepoint of its own, so
            // only the refused ones are set aside. Costs a round trip per change, only in this case.
            LogIsolating(ex);
            return await SyncBatchAsync(instance, isolate: true, cancellationToken);
        }
    }

    private async Task<int> SyncBatchAsync(string instance, bool isolate, CancellationToken cancellationToken)
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

        var changes = new List<StockChange>(entries.Length);
        var rawOf = new Dictionary<ChangeStreamId, StreamEntry>();
        var deadLetters = new List<SyncDeadLetter>();
        foreach (var entry in entries)
        {
            try
            {
                var change = StockChangeParser.Parse(entry);
                changes.Add(change);
                rawOf[change.Id] = entry;
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or KeyNotFoundException or ArgumentException)
            {
                deadLetters.Add(SyncDeadLetterStore.Of(entry, "unreadable", ex.Message));
            }
        }

        if (!isolate)
        {
            if (changes.Count > 0)
            {
                await SyncBatchWriter.ApplyAsync(connection, transaction, changes, cancellationToken);
            }
        }
        else
        {
            foreach (var change in changes)
            {
                await transaction.SaveAsync("change", cancellationToken);
                try
                {
                    await SyncBatchWriter.ApplyAsync(connection, transaction, [change], cancellationToken);
                    await transaction.ReleaseAsync("change", cancellationToken);
                }
                catch (PostgresException ex) when (SyncDeadLetterStore.IsDataError(ex))
                {
                    await transaction.RollbackAsync("change", cancellationToken);
                    deadLetters.Add(SyncDeadLetterStore.Of(rawOf[change.Id], ex.SqlState, ex.MessageText));
                }
            }
        }

        if (deadLetters.Count > 0)
        {
            await SyncDeadLetterStore.WriteAsync(connection, transaction, instance, deadLetters, cancellationToken);
        }

        var last = ChangeStreamId.Parse(entries[^1].Id!);
        await SyncWatermarkStore.WriteAsync(connection, transaction, instance, last, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.Synced(entries.Length - deadLetters.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (deadLetters.Count > 0)
        {
            metrics.DeadLettered(deadLetters.Count);
            foreach (var letter in deadLetters)
            {
                LogDeadLettered(letter.EntryId, letter.Sku, letter.SqlState, letter.Error);
            }
        }

        // Only after the commit: until then the entries are the only copy outside Redis's memory.
        await database.StreamTrimByMinIdAsync(RedisKeys.Changes, last.Next().ToString());
        return entries.Length;
    }

    /// <summary>When the oldest change not yet applied was made, or null when none waits (applied entries are trimmed).</summary>
    public async Task<DateTime?> OldestWaitingAsync()
    {
        var head = await redis.GetDatabase().StreamRangeAsync(RedisKeys.Changes, "-", "+", 1);
        if (head.Length == 0)
        {
            return null;
        }

        try
        {
            return StockChangeParser.Parse(head[0]).At;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or KeyNotFoundException or ArgumentException)
        {
            // An entry the sync will set aside: its id is its time in Redis (the milliseconds part).
            return DateTime.UnixEpoch.AddMilliseconds(ChangeStreamId.Parse(head[0].Id!).Milliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL refused a write-behind batch for its data; applying its changes one by one to set the bad ones aside.")]
    private partial void LogIsolating(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Redis change {EntryId} of {Sku} cannot be written to PostgreSQL ({SqlState}: {Error}); it is kept in redis_sync_dead_letters and the write-behind goes on.")]
    private partial void LogDeadLettered(string entryId, string? sku, string sqlState, string error);
}
