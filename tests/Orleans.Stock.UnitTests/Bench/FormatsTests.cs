using Orleans.Stock.Bench.Formatting;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>How numbers read in the console's tables and in report.md (the committed report depends on every digit).</summary>
public class FormatsTests
{
    [Theory]
    [InlineData(null, "-")]
    [InlineData(0.844, "0.84")]
    [InlineData(9.994, "9.99")]
    [InlineData(12.34, "12.3")]
    [InlineData(99.94, "99.9")]
    [InlineData(100.4, "100")]
    [InlineData(4512.4, "4,512")]
    public void Milliseconds_lose_decimals_as_they_grow(double? ms, string expected) =>
        Assert.Equal(expected, Formats.Ms(ms));

    [Theory]
    [InlineData(null, "-")]
    [InlineData(0.0, "0.00 %")]
    [InlineData(0.005, "0.50 %")]
    [InlineData(0.0999, "9.99 %")]
    [InlineData(0.123, "12.3 %")]
    [InlineData(1.0, "100.0 %")]
    public void Percentages_keep_two_decimals_below_ten_percent_and_one_above(double? fraction, string expected) =>
        Assert.Equal(expected, Formats.Percent(fraction));

    [Fact]
    public void Rates_counts_ratios_memory_and_load_read_invariantly()
    {
        Assert.Equal("1,000", Formats.Rate(999.6));
        Assert.Equal("-", Formats.Rate(null));
        Assert.Equal("1,234,567", Formats.Count(1_234_567));
        Assert.Equal("11.4x", Formats.Ratio(11.44));
        Assert.Equal("-", Formats.Ratio(null));
        Assert.Equal("235 MiB", Formats.MiB(240_640));
        Assert.Equal("5.7", Formats.Load(5.66));
        Assert.Equal("-", Formats.Load(null));
        Assert.Equal("passed", Formats.Audit(true));
        Assert.Equal("**FAILED**", Formats.Audit(false));
    }

    [Fact]
    public void A_latency_cell_shows_p50_and_p99()
    {
        Assert.Equal("1.67 / 7.97", Formats.P50P99(new LatencySummary(10, 2, 1.672, 5, 7.968, 9, 12)));
        Assert.Equal("- / -", Formats.P50P99(null));
    }

    [Fact]
    public void Errors_show_their_share_of_the_scheduled_sessions()
    {
        Assert.Equal("0", Formats.Errors(SampleResults.Run(null, errors: 0)));
        Assert.Equal("12 (0.80 %)", Formats.Errors(SampleResults.Run(null, errors: 12, scheduled: 1_500)));
        Assert.Equal("300 (20.0 %)", Formats.Errors(SampleResults.Run(null, errors: 300, scheduled: 1_500)));
    }
}
