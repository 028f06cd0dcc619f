using Orleans.Stock.Bench.Api.Contracts;
using Orleans.Stock.Bench.Audit;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>API.md's invariants on every product body the audit reads back.</summary>
public class ProductInvariantsTests
{
    [Fact]
    public void A_consistent_product_has_no_violation()
    {
        // 100 created, 7 sold, 10 reserved: onHand 93 = available 83 + reserved 10, and 100 = 93 + 7.
        Assert.Empty(ProductInvariants.Check(Product(onHand: 93, available: 83, reserved: 10, sold: 7), createdWithStock: 100));
    }

    [Fact]
    public void On_hand_must_be_available_plus_reserved()
    {
        var violation = Assert.Single(ProductInvariants.Check(Product(onHand: 93, available: 84, reserved: 10, sold: 7), 100));
        Assert.Equal("onHand 93 != available 84 + reserved 10", violation);
    }

    [Fact]
    public void Stock_must_be_conserved_and_never_negative()
    {
        // An oversell: one unit more sold than the stock allowed.
        var violations = ProductInvariants.Check(Product(onHand: -1, available: -1, reserved: 0, sold: 101), 100).ToList();

        Assert.Contains("available -1 < 0", violations);
        Assert.DoesNotContain(violations, v => v.StartsWith("initialStock + restocked", StringComparison.Ordinal));

        var lost = ProductInvariants.Check(Product(onHand: 93, available: 83, reserved: 10, sold: 6), 100);
        Assert.Equal("initialStock + restocked = 100 != onHand 93 + sold 6", Assert.Single(lost));
    }

    [Fact]
    public void The_server_must_report_the_stock_the_product_was_created_with()
    {
        Assert.Contains("initialStock 100 but the product was created with 50", ProductInvariants.Check(Product(93, 83, 10, 7), 50));

        // A server without initialStock is checked against the stock it was created with.
        Assert.Empty(ProductInvariants.Check(Product(93, 83, 10, 7) with { InitialStock = null, Restocked = null }, 100));
    }

    private static ProductBody Product(long onHand, long available, long reserved, long sold) =>
        new("bench-test-0", "grain", onHand, available, reserved, sold, 1, 100, 0);
}
