using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Stock.Engines.Redis;

namespace Orleans.Stock.UnitTests.Engines;

/// <summary>The sync-lag gauge tells the truth while the write-behind fails.</summary>
public sealed class RedisSyncLagTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void While_syncs_fail_the_lag_grows_from_the_last_good_sync_even_when_the_oldest_waiting_change_looks_young()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new RedisEngineMetrics(services.GetRequiredService<IMeterFactory>(), _time);
        metrics.SyncSucceeded();
        metrics.OldestUnsynced(null);
        Assert.Equal(0, metrics.SyncLag());

        _time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 20; i++)
        {
            metrics.SyncFailed();
            // What the stream's head says: a change made a moment ago.
            metrics.OldestUnsynced(_time.GetUtcNow().ToUnixTimeMilliseconds() - 100);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(21_000, metrics.SyncLag());

        metrics.SyncSucceeded();
        metrics.OldestUnsynced(null);
        Assert.Equal(0, metrics.SyncLag());
    }

    [Fact]
    public void Without_failures_the_lag_is_the_age_of_the_oldest_waiting_change()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new RedisEngineMetrics(services.GetRequiredService<IMeterFactory>(), _time);
        metrics.SyncSucceeded();
        metrics.OldestUnsynced(_time.GetUtcNow().ToUnixTimeMilliseconds());
        _time.Advance(TimeSpan.FromMilliseconds(750));

        Assert.Equal(750, metrics.SyncLag());
    }

    [Fact]
    public void Dead_letters_are_counted()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new RedisEngineMetrics(services.GetRequiredService<IMeterFactory>(), _time);

        metrics.DeadLettered(2);
        metrics.DeadLettered(1);

        Assert.Equal(3, metrics.DeadLetters);
    }
}
