using Orleans.Stock.Bench.Api.Contracts;
using Orleans.Stock.Bench.Audit;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>Whether the server's counters agree with what the clients were told, with and without expiry.</summary>
public class AcknowledgementRuleTests
{
    // 10 units acknowledged, 3 of them confirmed and 2 cancelled: 5 pending.
    private static readonly ClientView Told = new(Acknowledged: 10, Confirmed: 3, Cancelled: 2, ReserveUnknown: 0, ConfirmUnknown: 0, CancelUnknown: 0);

    [Fact]
    public void Without_expiry_the_server_holds_exactly_what_was_acknowledged_minus_cancelled()
    {
        Assert.Empty(AcknowledgementRule.Check(Server(reserved: 5, sold: 3), Told, expiryPossible: false));

        var lost = Assert.Single(AcknowledgementRule.Check(Server(reserved: 4, sold: 3), Told, expiryPossible: false));
        Assert.Equal("reserved + sold 7 but clients saw 10 acknowledged - 2 cancelled (allowed 8..8)", lost);
        Assert.Single(AcknowledgementRule.Check(Server(reserved: 6, sold: 3), Told, expiryPossible: false));
    }

    [Fact]
    public void A_reserve_of_unknown_effect_widens_the_upper_bound_by_its_units()
    {
        var told = Told with { ReserveUnknown = 2 };

        Assert.Empty(AcknowledgementRule.Check(Server(reserved: 7, sold: 3), told, expiryPossible: false));
        Assert.Single(AcknowledgementRule.Check(Server(reserved: 8, sold: 3), told, expiryPossible: false));
        Assert.Single(AcknowledgementRule.Check(Server(reserved: 4, sold: 3), told, expiryPossible: false));
    }

    [Fact]
    public void With_expiry_released_reservations_pass_but_units_nobody_was_told_about_do_not()
    {
        // Every pending reservation expired: fine once expiry is possible, a lost acknowledgement before.
        Assert.Empty(AcknowledgementRule.Check(Server(reserved: 0, sold: 3), Told, expiryPossible: true));
        Assert.NotEmpty(AcknowledgementRule.Check(Server(reserved: 0, sold: 3), Told, expiryPossible: false));

        var extra = AcknowledgementRule.Check(Server(reserved: 6, sold: 3), Told, expiryPossible: true).ToList();
        Assert.Contains(extra, v => v.StartsWith("reserved 6 exceeds the 5 units pending", StringComparison.Ordinal));
        Assert.Contains(extra, v => v.StartsWith("reserved + sold 9 exceeds", StringComparison.Ordinal));
    }

    [Fact]
    public void Confirmed_units_never_come_back_expiry_or_not()
    {
        foreach (var expiryPossible in new[] { false, true })
        {
            var violations = AcknowledgementRule.Check(Server(reserved: 7, sold: 1), Told, expiryPossible).ToList();
            Assert.Contains("sold 1 but clients saw 3 confirmed (+0 unknown)", violations);
        }

        Assert.Empty(AcknowledgementRule.Check(Server(reserved: 4, sold: 4), Told with { ConfirmUnknown = 1 }, expiryPossible: false));
    }

    private static ProductBody Server(long reserved, long sold) =>
        new("bench-test-0", "grain", 100 - sold, 100 - sold - reserved, reserved, sold, 1, 100, 0);
}
