using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Tests.Abstractions;

public sealed class ThresholdCrossingTests
{
    [Theory]
    [InlineData(10, 3, 3, new[] { "stock.low" })]
    [InlineData(10, 0, 3, new[] { "stock.low", "stock.out" })]
    [InlineData(3, 2, 3, new string[0])]          // already low: said once, on the crossing
    [InlineData(3, 0, 3, new[] { "stock.out" })]
    [InlineData(0, 0, 3, new string[0])]
    [InlineData(0, 2, 3, new[] { "stock.back-in-stock" })]
    [InlineData(2, 8, 3, new string[0])]           // rising above the threshold is no event of its own
    [InlineData(5, 0, null, new[] { "stock.out" })]
    [InlineData(5, 4, null, new string[0])]
    [InlineData(4, 0, 0, new[] { "stock.low", "stock.out" })]
    public void Each_threshold_fires_on_the_change_that_crosses_it(long before, long after, int? threshold, string[] expected) =>
        Assert.Equal(expected, ThresholdCrossing.Between(before, after, threshold));
}
