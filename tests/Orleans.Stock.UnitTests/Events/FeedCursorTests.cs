using Orleans.Stock.Events.Feed;

namespace Orleans.Stock.UnitTests.Events;

public sealed class FeedCursorTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1", 1L)]
    [InlineData("1234567", 1234567L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void A_cursor_the_feed_made_names_its_position(string text, long position)
    {
        Assert.True(FeedCursor.TryParse(text, out var parsed));
        Assert.Equal(position, parsed);
        Assert.Equal(text, FeedCursor.Format(parsed));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("+1")]
    [InlineData("-1")]
    [InlineData("01")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("１")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999")]
    public void Anything_else_is_refused(string? text) => Assert.False(FeedCursor.TryParse(text, out _));
}
