using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Orleans.Stock.Dashboard.Alerts;

namespace Orleans.Stock.UnitTests.Dashboard;

public sealed class AlertBoardTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_alert_is_logged_once_when_it_starts_and_once_when_it_clears_and_exported_as_a_gauge()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var logger = new FakeLogger<AlertBoard>();
        var board = new AlertBoard(meters, logger);
        using var gauge = new MetricCollector<int>(meters, AlertBoard.MeterName, "stock.dashboard.alert.active");

        Assert.False(board.Update(AlertNames.P99Latency, 120, 500, "p99", Now).Active);
        var started = board.Update(AlertNames.P99Latency, 900, 500, "p99", Now);
        board.Update(AlertNames.P99Latency, 950, 500, "p99", Now.AddSeconds(1));
        gauge.RecordObservableInstruments();
        var whileActive = gauge.GetMeasurementSnapshot().Single(m => (string?)m.Tags["alert"] == AlertNames.P99Latency).Value;
        var cleared = board.Update(AlertNames.P99Latency, null, 500, "p99", Now.AddSeconds(2));

        Assert.True(started.Active);
        Assert.Equal(Now, started.Since);
        Assert.Equal(1, whileActive);
        Assert.False(cleared.Active);
        var records = logger.Collector.GetSnapshot();
        Assert.Single(records, r => r.Level == LogLevel.Warning && r.Message.Contains("p99-latency started", StringComparison.Ordinal));
        Assert.Single(records, r => r.Level == LogLevel.Information && r.Message.Contains("p99-latency cleared", StringComparison.Ordinal));
        Assert.Equal(2, records.Count);
    }
}
