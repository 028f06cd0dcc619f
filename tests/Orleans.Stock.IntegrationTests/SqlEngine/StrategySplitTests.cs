using Microsoft.Extensions.Options;
using Orleans.Stock.Engines;
using Orleans.Stock.Engines.Sql;

namespace Orleans.Stock.Tests.SqlEngine;

public sealed class StrategySplitTests
{
    private static SqlStrategySelector Selector(int? share, SqlStrategy fallbackDefault = SqlStrategy.Pessimistic) =>
        new(new StaticOptionsMonitor(new SqlEngineOptions { OptimisticSharePercent = share, DefaultStrategy = fallbackDefault }));

    [Theory]
    [InlineData(30)]
    [InlineData(5)]
    [InlineData(80)]
    public void The_split_serves_close_to_the_configured_share_optimistically(int share)
    {
        var selector = Selector(share);
        var users = Enumerable.Range(0, 10_000).Select(i => $"user-{i}").ToList();

        var optimistic = users.Count(u => selector.Select(null, u) == SqlStrategy.Optimistic);

        Assert.InRange(optimistic / 100.0, share - 2.0, share + 2.0);
    }

    [Fact]
    public void The_split_is_the_same_for_a_user_in_every_process_and_run()
    {
        // Buckets come from SHA-256, not the per-process randomised string hash; these values
        // were computed once and must never change, or users would flip between strategies.
        Assert.Equal(53, StableBucket.Of("user-42"));
        Assert.Equal(71, StableBucket.Of("alice"));
        var selector = Selector(30);
        var first = Enumerable.Range(0, 1_000).Select(i => selector.Select(null, $"u{i}")).ToList();
        var second = Enumerable.Range(0, 1_000).Select(i => Selector(30).Select(null, $"u{i}")).ToList();
        Assert.Equal(first, second);
    }

    [Fact]
    public void The_header_wins_over_the_split_and_without_a_split_the_default_applies()
    {
        Assert.Equal(SqlStrategy.Pessimistic, Selector(100).Select("pessimistic", "anyone"));
        Assert.Equal(SqlStrategy.Optimistic, Selector(0).Select("optimistic", "anyone"));
        Assert.Equal(SqlStrategy.Optimistic, Selector(null, SqlStrategy.Optimistic).Select(null, "anyone"));
        Assert.Equal(SqlStrategy.Pessimistic, Selector(null).Select(null, "anyone"));
    }

    private sealed class StaticOptionsMonitor(SqlEngineOptions value) : IOptionsMonitor<SqlEngineOptions>
    {
        public SqlEngineOptions CurrentValue => value;

        public SqlEngineOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SqlEngineOptions, string?> listener) => null;
    }
}
