using Npgsql;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Retention;
using Orleans.Stock.Events.Stamping;
using Orleans.Stock.Tests.Infrastructure;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.Tests.Events;

/// <summary>
/// Retention deletes only what every webhook has passed and is older than the retention; never an unstamped row.
/// On a database of its own: the horizon spans every webhook of the database, and other tests create theirs.
/// </summary>
public sealed class RetentionTests
{
    private static readonly TimeSpan RetainFor = TimeSpan.FromDays(7);

    [Fact]
    public async Task Only_delivered_old_stamped_events_are_deleted()
    {
        // No delivery during the test: the dispatcher would drop these old events (past the age limit) at once.
        await using var database = await PrivateDatabase.CreateAsync("retention");
        var rows = new OutboxRows(database.ConnectionString);
        await using var host = await EventsHost.StartAsync(new Dictionary<string, string?> { ["Stock:Webhooks:PollInterval"] = "00:01:00" }, database.ConnectionString);
        var pruner = host.Get<EventPruner>();
        var store = host.Get<WebhookStore>();
        var sku = TestEnvironment.NewSku("RET");
        var old = DateTime.UtcNow.AddDays(-30);

        // A webhook that has delivered nothing of what follows.
        var (webhook, _) = await store.CreateAsync("http://127.0.0.1:9/never", ["stock.*"], CancellationToken.None);
        try
        {
            await rows.InsertAsync(
                OutboxRows.Event(sku, 1, StockEventTypes.ProductCreated, old),
                OutboxRows.Event(sku, 2, StockEventTypes.StockRestocked, old));
            await rows.InsertAsync(OutboxRows.Event(sku, 3, StockEventTypes.StockRestocked));
            await rows.WaitStampedAsync(sku);

            // No stamper may run from here: the next old row stays unstamped.
            await using var holder = new NpgsqlConnection(database.ConnectionString + ";Pooling=false");
            await holder.OpenAsync();
            await using (var take = new NpgsqlCommand("select pg_advisory_lock($1)", holder) { Parameters = { new() { Value = EventStamper.LockKey } } })
            {
                await take.ExecuteNonQueryAsync();
            }

            await rows.InsertAsync(OutboxRows.Event(sku, 4, StockEventTypes.StockRestocked, old));

            // Old, but not delivered to the webhook yet: kept; the old one of a type it does not take goes.
            await pruner.PruneAsync(RetainFor, 10_000, CancellationToken.None);
            var kept = await VersionsAsync(database, sku);
            Assert.Equal([2L, 3, 4], kept);

            // Delivered up to version 3 (as the dispatcher records it): the old delivered ones go; the recent
            // one and the unstamped one stay.
            await rows.ScalarAsync<int>(
                "with moved as (update stock_webhooks set cursor_position = (select max(position) from stock_events where sku = $2) where id = $1 returning 1) select count(*)::int from moved",
                webhook.Id, sku);
            var deleted = await pruner.PruneAsync(RetainFor, 10_000, CancellationToken.None);
            Assert.True(deleted >= 1, $"{deleted} deleted");
            var left = await VersionsAsync(database, sku);
            Assert.Equal([3L, 4], left);
            Assert.Equal(1L, await rows.ScalarAsync<long>("select count(*) from stock_events where sku = $1 and position is null", sku));

            // Nothing is younger than zero retention but unstamped rows are still never deleted.
            await pruner.PruneAsync(TimeSpan.Zero, 10_000, CancellationToken.None);
            Assert.Contains(4L, await VersionsAsync(database, sku));
        }
        finally
        {
            await store.DeleteAsync(webhook.Id, CancellationToken.None);
        }
    }

    private static async Task<long[]> VersionsAsync(PrivateDatabase database, string sku)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(array_agg(version order by version), '{}') from stock_events where sku = $1", connection)
        {
            Parameters = { new() { Value = sku } },
        };
        return (long[])(await command.ExecuteScalarAsync())!;
    }
}
