using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Orleans.Stock.Engines.Sql;
using Orleans.Stock.UnitTests.Infrastructure;

namespace Orleans.Stock.UnitTests.Engines;

public sealed class ConflictRateMonitorTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeLogger<ConflictRateMonitor> _logger = new();

    private ConflictRateMonitor Monitor() => new(
        _time,
        new FixedOptionsMonitor<SqlEngineOptions>(new SqlEngineOptions { ConflictWarningThreshold = 0.15, ConflictWindow = TimeSpan.FromSeconds(10) }),
        _logger);

    [Fact]
    public void Warns_once_when_the_rate_crosses_the_threshold_and_once_when_it_falls_back()
    {
        var monitor = Monitor();
        for (var i = 0; i < 80; i++)
        {
            monitor.Record(conflict: false);
        }

        Assert.Empty(_logger.Collector.GetSnapshot());

        for (var i = 0; i < 40; i++)
        {
            monitor.Record(conflict: true);
        }

        Assert.InRange(monitor.Rate, 0.33, 0.34);
        var warnings = _logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Single(warnings);

        // The window slides past the conflicts: the rate falls and the all-clear is logged once.
        _time.Advance(TimeSpan.FromSeconds(11));
        for (var i = 0; i < 50; i++)
        {
            monitor.Record(conflict: false);
        }

        Assert.Equal(0, monitor.Rate);
        var records = _logger.Collector.GetSnapshot();
        Assert.Single(records, r => r.Level == LogLevel.Warning);
        Assert.Single(records, r => r.Level == LogLevel.Information);
    }

    [Fact]
    public void The_rate_covers_only_the_window()
    {
        var monitor = Monitor();
        monitor.Record(conflict: true);
        _time.Advance(TimeSpan.FromSeconds(5));
        monitor.Record(conflict: false);
        Assert.Equal(0.5, monitor.Rate);

        // The conflict is now 11 s old and out of the 10 s window; the success is 6 s old and in it.
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(0, monitor.Rate);
    }
}
