using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Feed;
using Orleans.Stock.Webhooks.Subscriptions;

namespace Orleans.Stock.UnitTests.Webhooks;

public sealed class WebhookTypesTests
{
    [Theory]
    [InlineData("reservation.*")]
    [InlineData("stock.*")]
    [InlineData("product.*")]
    [InlineData("stock.low")]
    [InlineData("stock.back-in-stock")]
    [InlineData("reservation.expired")]
    public void Known_types_and_known_prefixes_are_valid(string entry) => Assert.True(WebhookTypes.IsValidEntry(entry));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*")]
    [InlineData(".*")]
    [InlineData("foo.*")]
    [InlineData("stock.")]
    [InlineData("stock.**")]
    [InlineData("Stock.low")]
    [InlineData("stock.low ")]
    [InlineData("stock.unknown")]
    [InlineData("reservation.*.created")]
    public void Anything_else_is_refused(string? entry) => Assert.False(WebhookTypes.IsValidEntry(entry));

    [Fact]
    public void A_prefix_matches_every_type_of_it_and_no_other()
    {
        foreach (var type in StockEventTypes.All)
        {
            Assert.Equal(type.StartsWith("reservation.", StringComparison.Ordinal), EventTypeMatch.Matches(["reservation.*"], type));
            Assert.Equal(type.StartsWith("stock.", StringComparison.Ordinal), EventTypeMatch.Matches(["stock.*"], type));
        }
    }

    [Fact]
    public void An_exact_entry_matches_only_its_type()
    {
        Assert.True(EventTypeMatch.Matches(["stock.low"], "stock.low"));
        Assert.False(EventTypeMatch.Matches(["stock.low"], "stock.out"));
        Assert.True(EventTypeMatch.Matches(["stock.low", "reservation.*"], "reservation.cancelled"));
        Assert.False(EventTypeMatch.Matches(["stock.low", "reservation.*"], "product.created"));
        Assert.False(EventTypeMatch.Matches(["stoc.*"], "stock.low"));
        Assert.False(EventTypeMatch.Matches([], "stock.low"));
    }
}
