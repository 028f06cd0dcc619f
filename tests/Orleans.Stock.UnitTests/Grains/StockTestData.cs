using Orleans.Stock.Abstractions;
using Orleans.Stock.Grains.Ledger;
using Orleans.Stock.Grains.Stock;

namespace Orleans.Stock.UnitTests.Grains;

/// <summary>
/// Builds committed <see cref="StockState"/> from ledger events and runs <see cref="BatchPlan"/>s
/// against it the way the grain's write loop does (decide, then apply the events once "durable").
/// </summary>
internal static class StockTestData
{
    public const string Sku = "sku-1";

    /// <summary>An explicit, millisecond-aligned UTC instant: every test's time is relative to it.</summary>
    public static readonly DateTime T0 = new(2025, 3, 14, 9, 26, 53, 589, DateTimeKind.Utc);

    public static readonly IReadOnlyDictionary<string, StoredReservation> NoneStored = new Dictionary<string, StoredReservation>();

    public static StockState Created(long initialStock, string name = "Widget")
    {
        var state = new StockState();
        state.Apply(Sku, new LedgerEvent { Version = 1, Kind = LedgerEventKind.Created, Quantity = initialStock, OccurredAt = T0, Name = name });
        return state;
    }

    public static StockCommand.Reserve Reserve(int quantity, string? key = null, int ttlSeconds = 900, string userId = "user-1")
    {
        var request = new ReserveRequest(quantity, userId, ttlSeconds, key);
        return new StockCommand.Reserve(request, ReserveRequestFingerprint.Of(request));
    }

    public static BatchPlan Plan(
        StockState state,
        DateTime now,
        int maxEvents = 2_000,
        IReadOnlyDictionary<string, StoredReservation>? storedById = null,
        IReadOnlyDictionary<string, StoredReservation>? storedByKey = null) =>
        new(Sku, state, now, maxEvents, storedById ?? NoneStored, storedByKey ?? NoneStored);

    /// <summary>Decides <paramref name="commands"/> as one batch without committing it.</summary>
    public static BatchPlan Decide(StockState state, DateTime now, params StockCommand[] commands)
    {
        var plan = Plan(state, now);
        foreach (var command in commands)
        {
            plan.Decide(command);
        }

        return plan;
    }

    /// <summary>Decides one batch and applies its events, as after a successful append.</summary>
    public static BatchPlan Commit(StockState state, DateTime now, params StockCommand[] commands)
    {
        var plan = Decide(state, now, commands);
        Apply(state, plan);
        return plan;
    }

    public static void Apply(StockState state, BatchPlan plan)
    {
        foreach (var e in plan.Events)
        {
            state.Apply(Sku, e);
        }
    }

    /// <summary>Reserves in its own committed batch and returns the new reservation.</summary>
    public static ReservationView Reserved(StockState state, DateTime now, int quantity, string? key = null, int ttlSeconds = 900)
    {
        var outcome = Assert.Single(Commit(state, now, Reserve(quantity, key, ttlSeconds)).Outcomes);
        Assert.Equal(StockError.None, outcome.Error);
        return outcome.Reservation!;
    }

    public static void AssertInvariants(ProductView p)
    {
        Assert.True(p.Available >= 0, $"available {p.Available} < 0");
        Assert.True(p.Reserved >= 0, $"reserved {p.Reserved} < 0");
        Assert.Equal(p.OnHand, p.Available + p.Reserved);
        Assert.Equal(p.InitialStock + p.Restocked + p.Adjusted, p.OnHand + p.Sold);
    }
}
