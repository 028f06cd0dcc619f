using Microsoft.Extensions.Time.Testing;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.UnitTests.Grains;

public sealed class MillisecondClockTests
{
    [Fact]
    public void Now_is_utc_truncated_to_the_millisecond()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero).AddTicks(9_999));

        var now = time.UtcNowToMillisecond();

        Assert.Equal(new DateTime(2025, 3, 14, 9, 26, 53, 589, DateTimeKind.Utc), now);
        Assert.Equal(DateTimeKind.Utc, now.Kind);
        Assert.Equal(0, now.Ticks % TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public void A_clock_with_an_offset_still_gives_utc()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(1));

        time.Advance(TimeSpan.FromMilliseconds(1.5));

        Assert.Equal(new DateTime(2025, 3, 14, 9, 0, 0, 1, DateTimeKind.Utc), time.UtcNowToMillisecond());
    }
}
