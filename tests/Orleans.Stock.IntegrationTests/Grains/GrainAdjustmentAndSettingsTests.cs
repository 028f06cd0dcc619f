using Orleans.Stock.Abstractions;
using Orleans.Stock.Events.Outbox;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Grains;

/// <summary>Adjustments, settings (PATCH) and the outbox's fencing, on the grain with the real ledger and catalog.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainAdjustmentAndSettingsTests(ClusterFixture fixture)
{
    private const string Erp = "key-erp";

    private IStockGrain Grain(string sku) => fixture.Cluster.Client.GetGrain<IStockGrain>(sku);

    private static StockAdjustment Delta(long delta, long? expectedVersion = null, string? key = null, string reason = "damaged") =>
        new(AdjustmentMode.Delta, delta, reason, expectedVersion, Erp, key);

    private static StockAdjustment Set(long onHand, long? expectedOnHand = null, string? key = null) =>
        new(AdjustmentMode.Set, onHand, "cycle count", expectedOnHand, Erp, key);

    private static ProductSettingsChange MaxPerUser(int? max) => new(true, max, false, null);

    [Fact]
    public async Task Adjustments_check_their_compare_and_set_and_stock_and_a_set_to_the_same_on_hand_records_nothing()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await using var rows = new GrainOutboxRows();
        await grain.CreateAsync("Counted", 10);
        Assert.True((await grain.ReserveAsync(new ReserveRequest(4, "u", 900, null))).IsSuccess);

        var stale = await grain.AdjustAsync(Delta(1, expectedVersion: 1));
        var wrongOnHand = await grain.AdjustAsync(Set(5, expectedOnHand: 9));
        var tooMuch = await grain.AdjustAsync(Delta(-7));
        var belowReserved = await grain.AdjustAsync(Set(3));
        var same = await grain.AdjustAsync(Set(10, expectedOnHand: 10));
        var matched = await grain.AdjustAsync(Delta(-6, expectedVersion: 2));

        Assert.Equal((StockError.VersionMismatch, 2L, 10L), (stale.Error, stale.Version, stale.OnHand));
        Assert.Equal((StockError.VersionMismatch, 2L, 10L), (wrongOnHand.Error, wrongOnHand.Version, wrongOnHand.OnHand));
        Assert.Equal((StockError.InsufficientStock, 6L), (tooMuch.Error, tooMuch.Available));
        Assert.Equal(StockError.InsufficientStock, belowReserved.Error);
        Assert.True(same.IsSuccess);
        Assert.Equal(2, same.Value!.Version);
        Assert.True(matched.IsSuccess);
        Assert.Equal((4L, 0L, 4L, -6L, 3L), (matched.Value!.OnHand, matched.Value.Available, matched.Value.Reserved, matched.Value.Adjusted, matched.Value.Version));
        await using var ledger = new LedgerAccess();
        Assert.Equal(1, await ledger.CountAsync(sku, "Adjusted"));
        Assert.Equal(
            [StockEventTypes.ProductCreated, StockEventTypes.ReservationCreated, StockEventTypes.StockAdjusted, StockEventTypes.StockOut],
            (await rows.EventsAsync(sku)).Select(e => e.Type));
    }

    [Fact]
    public async Task An_adjustment_key_is_used_once_even_after_the_grain_forgot_it()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await grain.CreateAsync("Keyed", 10);
        var first = await grain.AdjustAsync(Delta(5, key: "erp-1"));
        var again = await grain.AdjustAsync(Delta(5, key: "erp-1"));
        await grain.RestockAsync(1);

        await DeactivateAllAsync();

        var afterReactivation = await grain.AdjustAsync(Delta(5, key: "erp-1"));
        var otherBody = await grain.AdjustAsync(Delta(5, key: "erp-1", reason: "found more"));

        Assert.True(first.IsSuccess);
        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(2, again.Value!.Version);
        // A replay answers the product as it is now, and changes nothing.
        Assert.True(afterReactivation.Replayed);
        Assert.Equal((16L, 3L), (afterReactivation.Value!.OnHand, afterReactivation.Value.Version));
        Assert.Equal(StockError.IdempotencyKeyReused, otherBody.Error);
        await using var ledger = new LedgerAccess();
        Assert.Equal(1, await ledger.CountAsync(sku, "Adjusted"));
    }

    [Fact]
    public async Task A_limit_set_on_a_product_with_holdings_counts_them_now_and_after_reactivation()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await using var rows = new GrainOutboxRows();
        await grain.CreateAsync("Popular", 100);
        var sold = (await grain.ReserveAsync(new ReserveRequest(2, "alice", 900, null))).Value!;
        await grain.ConfirmAsync(sold.ReservationId);
        await grain.ReserveAsync(new ReserveRequest(2, "alice", 900, null));
        var released = (await grain.ReserveAsync(new ReserveRequest(3, "alice", 900, null))).Value!;
        await grain.CancelAsync(released.ReservationId);
        await grain.ReserveAsync(new ReserveRequest(1, "bob", 900, null));
        var before = (await grain.GetAsync()).Value!;
        var eventsBefore = (await rows.EventsAsync(sku)).Count;

        var patched = await grain.UpdateSettingsAsync(new ProductSettingsChange(true, 5, true, 20));

        // alice holds 2 sold + 2 pending (the cancelled 3 are hers no more).
        var over = await grain.ReserveAsync(new ReserveRequest(2, "alice", 900, null));
        var fits = await grain.ReserveAsync(new ReserveRequest(1, "alice", 900, null));
        Assert.True(patched.IsSuccess);
        Assert.Equal((5, 20, before.Version), (patched.Value!.MaxPerUser, patched.Value.LowStockThreshold, patched.Value.Version));
        Assert.Equal((StockError.LimitExceeded, 4L, 5), (over.Error, over.Held, over.MaxPerUser));
        Assert.True(fits.IsSuccess);
        // The PATCH itself wrote no ledger row and no event; the catalog has the settings.
        Assert.Equal(eventsBefore + 1, (await rows.EventsAsync(sku)).Count);
        Assert.Equal((5, 20), await rows.CatalogSettingsAsync(sku));

        await DeactivateAllAsync();

        var stillOver = await grain.ReserveAsync(new ReserveRequest(1, "alice", 900, null));
        var bob = await grain.ReserveAsync(new ReserveRequest(4, "bob", 900, null));
        Assert.Equal((StockError.LimitExceeded, 5L), (stillOver.Error, stillOver.Held));
        Assert.True(bob.IsSuccess);
        var product = (await grain.GetAsync()).Value!;
        Assert.Equal((5, 20), (product.MaxPerUser, product.LowStockThreshold));
    }

    [Fact]
    public async Task A_limit_cleared_by_a_patch_stays_cleared_after_reactivation_though_the_created_row_had_one()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await using var rows = new GrainOutboxRows();
        await grain.CreateAsync("Limited", 10, maxPerUser: 1, lowStockThreshold: 2);
        Assert.Equal((1, 2), await rows.CatalogSettingsAsync(sku));
        Assert.Equal(StockError.LimitExceeded, (await grain.ReserveAsync(new ReserveRequest(2, "u", 900, null))).Error);

        var cleared = await grain.UpdateSettingsAsync(MaxPerUser(null));
        await DeactivateAllAsync();

        Assert.Equal((null, 2), (cleared.Value!.MaxPerUser, cleared.Value.LowStockThreshold));
        Assert.True((await grain.ReserveAsync(new ReserveRequest(2, "u", 900, null))).IsSuccess);
        Assert.Null((await grain.GetAsync()).Value!.MaxPerUser);
        Assert.Equal(StockError.ProductNotFound, (await Grain(TestEnvironment.NewSku()).UpdateSettingsAsync(MaxPerUser(3))).Error);
        Assert.Equal(StockError.InvalidInput, (await grain.UpdateSettingsAsync(MaxPerUser(0))).Error);
    }

    [Fact]
    public async Task A_fenced_or_conflicting_append_writes_no_events_and_a_good_one_writes_them_in_the_same_statement()
    {
        var sku = TestEnvironment.NewSku();
        var grain = Grain(sku);
        await using var rows = new GrainOutboxRows();
        await grain.CreateAsync("Fenced", 10);
        var seen = (await grain.GetAsync()).Value!;
        await using var access = new LedgerAccess();
        var epoch = await access.Ledger.ClaimAsync(sku);
        LedgerEvent Restock(long version) => new() { Version = version, Kind = LedgerEventKind.Restocked, Quantity = 1, OccurredAt = DateTime.UtcNow, Actor = "key-x" };
        IReadOnlyList<OutboxEvent> Outbox(long version) =>
            [new OutboxEvent(sku, version, StockEventTypes.StockRestocked, DateTime.UtcNow, """{"probe":true}""")];

        // A replaced writer: nothing, events included.
        await Assert.ThrowsAsync<LedgerFencedException>(() => access.Ledger.AppendAsync(sku, epoch - 1, seen.Version, [Restock(seen.Version + 1)], Outbox(seen.Version + 1)));
        Assert.Equal([1L], (await rows.EventsAsync(sku)).Select(e => e.Version));

        // The current writer: its ledger row and its event together.
        await access.Ledger.AppendAsync(sku, epoch, seen.Version, [Restock(seen.Version + 1)], Outbox(seen.Version + 1));
        Assert.Equal([1L, 2L], (await rows.EventsAsync(sku)).Select(e => e.Version));

        // A stale version collides on the ledger's key, and its event goes with it (the events' own key is
        // free at version 3, so only the statement's atomicity keeps that row out).
        await Assert.ThrowsAsync<LedgerConflictException>(() => access.Ledger.AppendAsync(
            sku, epoch, seen.Version, [Restock(seen.Version + 1), Restock(seen.Version + 2)], [.. Outbox(seen.Version + 1).Select(e => e with { Type = StockEventTypes.StockLow }), .. Outbox(seen.Version + 2)]));
        var events = await rows.EventsAsync(sku);
        Assert.Equal([(1L, StockEventTypes.ProductCreated), (2L, StockEventTypes.StockRestocked)], events.Select(e => (e.Version, e.Type)));
        Assert.True(events[1].Data.GetProperty("probe").GetBoolean());

        // The grain's own activation was fenced by the claim: it steps down and writes nothing either.
        Assert.Equal(StockError.Unavailable, (await grain.RestockAsync(1)).Error);
        Assert.Equal(2, (await rows.EventsAsync(sku)).Count);
    }

    private async Task DeactivateAllAsync()
    {
        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
    }
}
