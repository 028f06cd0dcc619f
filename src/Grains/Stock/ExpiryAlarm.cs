namespace Orleans.Stock.Grains.Stock;

/// <summary>
/// A stock grain's one expiry timer. It is armed for the earliest moment something can expire, plus a
/// slack so that reservations due close together are released in one batch, and disarmed while nothing
/// can: an idle activation then costs no timer work at all, however many of them a silo holds.
/// </summary>
public sealed class ExpiryAlarm(IGrainTimer timer, TimeSpan slack, StockGrainMetrics metrics)
{
    // A System.Threading timer waits at most about 49 days; a later expiry is reached by waking and re-arming.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private bool _closed;

    /// <summary>When the timer will fire; null while it is disarmed.</summary>
    public DateTime? ArmedFor { get; private set; }

    /// <summary>
    /// Arms the timer for <paramref name="due"/> plus the slack, or disarms it when <paramref name="due"/> is
    /// null. A timer already armed for an earlier moment is left alone: it fires, finds nothing due and is
    /// armed again, which costs one wake where re-arming on every change would cost one timer change per batch.
    /// </summary>
    public void Set(DateTime? due, DateTime now)
    {
        if (_closed)
        {
            return;
        }

        if (due is not { } next)
        {
            Disarm();
            return;
        }

        var wakeAt = next + slack;
        if (ArmedFor is { } armed && armed <= wakeAt)
        {
            return;
        }

        var wait = wakeAt - now;
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestWait ? LongestWait : wait;
        timer.Change(wait, Timeout.InfiniteTimeSpan);
        if (ArmedFor is null)
        {
            metrics.ExpiryTimerArmed();
        }

        ArmedFor = now + wait;
    }

    /// <summary>The timer fired: being one-shot, it is disarmed until <see cref="Set"/> arms it again.</summary>
    public void Fired()
    {
        metrics.ExpiryTimerFired();
        if (ArmedFor is not null)
        {
            ArmedFor = null;
            metrics.ExpiryTimerDisarmed();
        }
    }

    /// <summary>
    /// The activation is leaving: the timer is stopped for good. A write loop still finishing its batch
    /// (it is no request, so deactivation does not wait for it) can no longer arm it.
    /// </summary>
    public void Close()
    {
        Disarm();
        _closed = true;
    }

    /// <summary>Stops the timer (nothing can expire).</summary>
    public void Disarm()
    {
        if (ArmedFor is null)
        {
            return;
        }

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ArmedFor = null;
        metrics.ExpiryTimerDisarmed();
    }
}
