using Orleans.Stock.Bench.Cli;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>Durations as people type them on the command line (<c>--duration</c>, <c>--warmup</c>, <c>--fault-after</c>...).</summary>
public class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("10s", 10)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3_600)]
    [InlineData("1.5", 1.5)]
    [InlineData(" 3S ", 3)]
    [InlineData("250MS", 0.25)]
    [InlineData("0", 0)]
    [InlineData("00:01:30", 90)]
    public void Accepts_units_bare_seconds_and_the_help_texts_hh_mm_ss(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("10x")]
    [InlineData("-1s")]
    [InlineData("1e400s")]
    [InlineData("-00:00:01")]
    [InlineData("s")]
    public void Refuses_what_is_no_duration_negative_or_infinite(string text) =>
        Assert.False(DurationParser.TryParse(text, out _));
}
