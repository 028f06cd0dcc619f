using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Tests.Abstractions;

public sealed class StockAdjustmentTests
{
    [Fact]
    public void A_set_makes_the_delta_from_the_current_on_hand_and_a_delta_is_itself()
    {
        Assert.Equal(-6, new StockAdjustment(AdjustmentMode.Set, 4, "count", null, null, null).DeltaFrom(10));
        Assert.Equal(3, new StockAdjustment(AdjustmentMode.Delta, 3, "found", null, null, null).DeltaFrom(10));
    }

    [Fact]
    public void The_fingerprint_tells_bodies_apart_but_not_callers()
    {
        var adjustment = new StockAdjustment(AdjustmentMode.Delta, -3, "damaged", 7, "key-a", "k1");
        Assert.Equal(adjustment.Fingerprint(), (adjustment with { Actor = "key-b" }).Fingerprint());
        Assert.NotEqual(adjustment.Fingerprint(), (adjustment with { Amount = -4 }).Fingerprint());
        Assert.NotEqual(adjustment.Fingerprint(), (adjustment with { Reason = "lost" }).Fingerprint());
        Assert.NotEqual(adjustment.Fingerprint(), (adjustment with { Expected = null }).Fingerprint());
        Assert.NotEqual(adjustment.Fingerprint(), (adjustment with { Mode = AdjustmentMode.Set }).Fingerprint());
    }

    [Fact]
    public void Stored_keys_are_per_caller_and_never_a_reservations()
    {
        var adjustment = new StockAdjustment(AdjustmentMode.Delta, 1, "r", null, "key-a", "k1");
        Assert.NotEqual(adjustment.ScopedIdempotencyKey, (adjustment with { Actor = "key-b" }).ScopedIdempotencyKey);
        Assert.NotEqual(ReservationOwner.ScopeKey("key-a", "k1"), adjustment.ScopedIdempotencyKey);
        Assert.StartsWith(StockAdjustment.AdjustmentKeyPrefix, adjustment.ScopedIdempotencyKey, StringComparison.Ordinal);
        Assert.Null((adjustment with { IdempotencyKey = null }).ScopedIdempotencyKey);
    }
}
