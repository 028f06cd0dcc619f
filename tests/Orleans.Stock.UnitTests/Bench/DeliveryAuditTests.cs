using Orleans.Stock.Bench.Audit;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>
/// The delivery audit: each acknowledged reservation's event arrives for its SKU; unacknowledged ones only
/// within the SKU's reserves of unknown outcome; copies are allowed and counted; bad signatures fail it.
/// </summary>
public class DeliveryAuditTests
{
    private static readonly Dictionary<string, int> Acknowledged = new(StringComparer.Ordinal) { ["r1"] = 0, ["r2"] = 0, ["r3"] = 1 };

    [Fact]
    public void Every_acknowledged_reservation_arrived_once_passes()
    {
        var result = Check(Received(("r1", 0, 1), ("r2", 0, 1), ("r3", 1, 1)), unknown: [0, 0]);

        Assert.True(result.Passed);
        Assert.Equal(3, result.Acknowledged);
        Assert.Equal(3, result.Arrived);
        Assert.Equal(0, result.Missing);
    }

    [Fact]
    public void A_missing_event_fails_and_is_named()
    {
        var result = Check(Received(("r1", 0, 1), ("r3", 1, 1)), unknown: [0, 0]);

        Assert.False(result.Passed);
        Assert.Equal(1, result.Missing);
        Assert.Contains(result.Violations, v => v.Contains("r2", StringComparison.Ordinal) && v.StartsWith("sku-0", StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_naming_another_sku_fails()
    {
        var result = Check(Received(("r1", 0, 1), ("r2", 0, 1), ("r3", 0, 1)), unknown: [0, 0]);

        Assert.False(result.Passed);
        Assert.Equal(2, result.Arrived);
        Assert.Contains(result.Violations, v => v.Contains("r3 was made on sku-1 but its event names sku-0", StringComparison.Ordinal));
    }

    [Fact]
    public void Unacknowledged_events_pass_up_to_the_skus_unknown_outcomes_and_fail_beyond()
    {
        var received = Received(("r1", 0, 1), ("r2", 0, 1), ("r3", 1, 1), ("x1", 1, 1), ("x2", 1, 1));

        var within = Check(received, unknown: [0, 2]);
        var beyond = Check(received, unknown: [2, 1]);

        Assert.True(within.Passed);
        Assert.Equal(2, within.Unexpected);
        Assert.False(beyond.Passed);
        Assert.Contains(beyond.Violations, v => v.StartsWith("sku-1: 2 reservation(s) arrived that were never acknowledged, but only 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Copies_are_allowed_and_counted()
    {
        var result = Check(Received(("r1", 0, 3), ("r2", 0, 1), ("r3", 1, 2)), unknown: [0, 0]);

        Assert.True(result.Passed);
        Assert.Equal(3, result.Duplicates);
    }

    [Fact]
    public void A_bad_signature_fails()
    {
        var result = DeliveryAudit.Check(Acknowledged, [0, 0], Received(("r1", 0, 1), ("r2", 0, 1), ("r3", 1, 1)), invalidSignatures: 1, Name);

        Assert.False(result.Passed);
        Assert.Equal(1, result.InvalidSignatures);
    }

    [Fact]
    public void Violations_are_all_counted_but_only_the_first_listed()
    {
        var many = Enumerable.Range(0, 50).ToDictionary(i => $"r{i}", _ => 0, StringComparer.Ordinal);

        var result = DeliveryAudit.Check(many, [0], new Dictionary<string, ReceivedReservation>(), 0, Name);

        Assert.Equal(50, result.Missing);
        Assert.Equal(50, result.ViolationCount);
        Assert.Equal(20, result.Violations.Count);
    }

    private static DeliveryAuditResult Check(Dictionary<string, ReceivedReservation> received, long[] unknown) =>
        DeliveryAudit.Check(Acknowledged, unknown, received, 0, Name);

    private static Dictionary<string, ReceivedReservation> Received(params (string Id, int Sku, int Copies)[] events) =>
        events.ToDictionary(e => e.Id, e => new ReceivedReservation(e.Sku, e.Copies), StringComparer.Ordinal);

    private static string Name(int index) => $"sku-{index}";
}
