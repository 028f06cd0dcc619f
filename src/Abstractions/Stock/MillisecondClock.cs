namespace Orleans.Stock.Abstractions;

/// <summary>
/// The current UTC time truncated to milliseconds: docs/api.md shows times with milliseconds, and every
/// engine stores exactly what it answers, so a read after a write agrees with the write's answer.
/// </summary>
public static class MillisecondClock
{
    public static DateTime UtcNowToMillisecond(this TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }
}
