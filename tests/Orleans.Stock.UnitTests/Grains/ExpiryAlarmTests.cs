using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Stock.Grains.Stock;
using static Orleans.Stock.UnitTests.Grains.StockTestData;

namespace Orleans.Stock.UnitTests.Grains;

/// <summary>When the stock grain's one expiry timer is armed, re-armed and disarmed.</summary>
public sealed class ExpiryAlarmTests : IDisposable
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(250);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecordingTimer _timer = new();
    private readonly StockGrainMetrics _metrics;
    private readonly ExpiryAlarm _alarm;

    public ExpiryAlarmTests()
    {
        _metrics = new StockGrainMetrics(_services.GetRequiredService<IMeterFactory>());
        _alarm = new ExpiryAlarm(_timer, Slack, _metrics);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void With_nothing_pending_the_timer_is_never_touched()
    {
        _alarm.Set(null, T0);
        _alarm.Disarm();

        Assert.Empty(_timer.Changes);
        Assert.Null(_alarm.ArmedFor);
        Assert.Equal(0, _metrics.ExpiryTimersArmed);
    }

    [Fact]
    public void It_is_armed_once_for_the_earliest_expiry_plus_the_slack()
    {
        _alarm.Set(T0.AddSeconds(5), T0);

        var change = Assert.Single(_timer.Changes);
        Assert.Equal((TimeSpan.FromSeconds(5) + Slack, Timeout.InfiniteTimeSpan), change);
        Assert.Equal(T0.AddSeconds(5) + Slack, _alarm.ArmedFor);
        Assert.Equal(1, _metrics.ExpiryTimersArmed);
    }

    [Fact]
    public void An_earlier_expiry_brings_it_forward_and_a_later_one_leaves_it()
    {
        _alarm.Set(T0.AddSeconds(60), T0);
        _alarm.Set(T0.AddSeconds(60), T0.AddSeconds(1));
        _alarm.Set(T0.AddSeconds(90), T0.AddSeconds(2));
        _alarm.Set(T0.AddSeconds(10), T0.AddSeconds(3));

        Assert.Equal(
            [(TimeSpan.FromSeconds(60) + Slack, Timeout.InfiniteTimeSpan), (TimeSpan.FromSeconds(7) + Slack, Timeout.InfiniteTimeSpan)],
            _timer.Changes);
        Assert.Equal(1, _metrics.ExpiryTimersArmed);
    }

    [Fact]
    public void Nothing_left_pending_disarms_it()
    {
        _alarm.Set(T0.AddSeconds(5), T0);

        _alarm.Set(null, T0.AddSeconds(1));

        Assert.Equal((Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), _timer.Changes[^1]);
        Assert.Null(_alarm.ArmedFor);
        Assert.Equal(0, _metrics.ExpiryTimersArmed);
    }

    [Fact]
    public void Once_fired_it_is_armed_again_for_what_is_still_pending_even_if_later()
    {
        _alarm.Set(T0.AddSeconds(5), T0);

        _alarm.Fired();
        Assert.Equal(0, _metrics.ExpiryTimersArmed);
        _alarm.Set(T0.AddSeconds(30), T0.AddSeconds(6));

        Assert.Equal((TimeSpan.FromSeconds(24) + Slack, Timeout.InfiniteTimeSpan), _timer.Changes[^1]);
        Assert.Equal(1, _metrics.ExpiryTimerFirings);
        Assert.Equal(1, _metrics.ExpiryTimersArmed);
    }

    [Fact]
    public void An_overdue_expiry_fires_at_once_and_a_far_one_waits_at_most_a_day()
    {
        _alarm.Set(T0.AddSeconds(-10), T0);
        Assert.Equal(TimeSpan.Zero, _timer.Changes[^1].DueTime);

        _alarm.Fired();
        _alarm.Set(T0.AddDays(30), T0);

        Assert.Equal(TimeSpan.FromDays(1), _timer.Changes[^1].DueTime);
        Assert.Equal(T0.AddDays(1), _alarm.ArmedFor);
    }

    [Fact]
    public void Once_closed_it_stays_disarmed_whatever_is_pending()
    {
        _alarm.Set(T0.AddSeconds(5), T0);

        _alarm.Close();
        _alarm.Set(T0.AddSeconds(1), T0);

        Assert.Equal((Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), _timer.Changes[^1]);
        Assert.Null(_alarm.ArmedFor);
        Assert.Equal(0, _metrics.ExpiryTimersArmed);
    }

    private sealed class RecordingTimer : IGrainTimer
    {
        public List<(TimeSpan DueTime, TimeSpan Period)> Changes { get; } = [];

        public void Change(TimeSpan dueTime, TimeSpan period) => Changes.Add((dueTime, period));

        public void Dispose()
        {
        }
    }
}
