using System.Globalization;
using Npgsql;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Feed;
using Orleans.Stock.Events.Outbox;
using Orleans.Stock.Events.Stamping;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Events;

/// <summary>The stamper and the feed's order: concurrent writers, rolled-back ones, and a late commit of an early id.</summary>
public sealed class StampingTests
{
    private const int Versions = 20;

    [Fact]
    public async Task A_cursor_reader_sees_every_committed_row_once_in_version_order_and_no_rolled_back_one()
    {
        // Two instances stamping, as two API processes would.
        await using var first = await EventsHost.StartAsync();
        await using var second = await EventsHost.StartAsync();
        var feed = first.Get<EventFeedReader>();
        var start = await OutboxRows.Shared.EndPositionAsync();
        var skus = Enumerable.Range(0, 6).Select(_ => TestEnvironment.NewSku("EV")).ToArray();

        // A transaction that takes its id first and commits only after later ids were stamped.
        var slowSku = TestEnvironment.NewSku("EVSLOW");
        await using var slow = new NpgsqlConnection(TestEnvironment.Postgres);
        await slow.OpenAsync();
        await using var slowTransaction = await slow.BeginTransactionAsync();
        await OutboxWriter.InsertAsync(slow, slowTransaction, [OutboxRows.Event(slowSku, 1, StockEventTypes.ProductCreated)], CancellationToken.None);
        await using var idOf = new NpgsqlCommand("select id from stock_events where sku = $1", slow, slowTransaction) { Parameters = { new() { Value = slowSku } } };
        var slowId = (long)(await idOf.ExecuteScalarAsync())!;

        var rolledBack = 0;
        var writers = skus.Select((sku, i) => Task.Run(async () =>
        {
            var random = new Random(i);
            await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
            await connection.OpenAsync();
            for (var version = 1; version <= Versions; version++)
            {
                if (random.Next(4) == 0)
                {
                    // A change that failed after writing its event: the event goes with it.
                    await using var failed = await connection.BeginTransactionAsync();
                    await OutboxWriter.InsertAsync(connection, failed, [OutboxRows.Event(sku, version, StockEventTypes.ReservationCreated, marker: "rolled-back")], CancellationToken.None);
                    await failed.RollbackAsync();
                    Interlocked.Increment(ref rolledBack);
                }

                await using var transaction = await connection.BeginTransactionAsync();
                await OutboxWriter.InsertAsync(connection, transaction, [OutboxRows.Event(sku, version, StockEventTypes.ReservationCreated)], CancellationToken.None);
                await transaction.CommitAsync();
            }
        })).ToArray();

        var mine = skus.Append(slowSku).ToHashSet(StringComparer.Ordinal);
        var seen = new List<FeedEvent>();
        var expected = skus.Length * Versions + 1;
        var reading = Task.Run(async () =>
        {
            var cursor = start;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (seen.Count < expected)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the reader saw {seen.Count} of {expected} events");
                var page = await feed.ReadAsync(cursor, 7, CancellationToken.None);
                Assert.True(FeedCursor.TryParse(page.Next, out var next));
                Assert.True(page.Items.Count <= 7);
                if (page.Items.Count == 0)
                {
                    Assert.Equal(cursor, next);
                    await Task.Delay(10);
                }

                seen.AddRange(page.Items.Where(e => mine.Contains(e.Sku)));
                cursor = next;
            }
        });

        await Task.WhenAll(writers);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        long laterStamped;
        while ((laterStamped = await OutboxRows.Shared.ScalarAsync<long>(
            "select coalesce(max(position), 0) from stock_events where id > $1 and position is not null", slowId)) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no later row was stamped");
            await Task.Delay(10);
        }

        await slowTransaction.CommitAsync();
        await reading;

        Assert.True(rolledBack > 0);
        Assert.Equal(expected, seen.Count);
        Assert.Equal(expected, seen.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(seen, e => e.Data.GetProperty("marker").GetString() == "rolled-back");
        foreach (var sku in skus)
        {
            Assert.Equal(Enumerable.Range(1, Versions).Select(v => (long)v), seen.Where(e => e.Sku == sku).Select(e => e.Version));
        }

        // The early id committed late is numbered after the later ids stamped before it, not among them.
        var slowPosition = await OutboxRows.Shared.ScalarAsync<long>("select position from stock_events where id = $1", slowId);
        Assert.True(slowPosition > laterStamped, $"position {slowPosition} of id {slowId} should be above {laterStamped}");
        Assert.Contains(seen, e => e.Id == FeedEvent.IdOf(slowId));
    }

    [Fact]
    public async Task Only_the_holder_of_the_lock_stamps_and_a_released_lock_lets_the_next_stamp()
    {
        await using var host = await EventsHost.StartAsync(new Dictionary<string, string?> { ["Stock:Events:StampInterval"] = "00:00:10" });
        var stamper = host.Get<EventStamper>();
        var sku = TestEnvironment.NewSku("EVLOCK");

        // Its own session, not a pooled one, so closing it ends the session as a process's death would.
        await using var holder = new NpgsqlConnection(TestEnvironment.Postgres + ";Pooling=false");
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand("select pg_advisory_lock($1)", holder) { Parameters = { new() { Value = EventStamper.LockKey } } })
        {
            await take.ExecuteNonQueryAsync();
        }

        await OutboxRows.Shared.InsertAsync(OutboxRows.Event(sku, 1, StockEventTypes.ProductCreated));
        Assert.Null(await stamper.StampAsync(100, CancellationToken.None));
        Assert.Equal(1L, await OutboxRows.Shared.ScalarAsync<long>("select count(*) from stock_events where sku = $1 and position is null", sku));

        // The holder's session ends (a dead instance): its lock goes with it.
        await holder.CloseAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await stamper.StampAsync(100, CancellationToken.None) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the lock of a closed session was not released");
            await Task.Delay(20);
        }

        var position = await OutboxRows.Shared.ScalarAsync<long>("select position from stock_events where sku = $1", sku);
        Assert.True(position > 0, position.ToString(CultureInfo.InvariantCulture));
    }
}
