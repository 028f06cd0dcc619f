using Microsoft.Extensions.DependencyInjection;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Carts;
using Orleans.Stock.Engines;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

/// <summary>
/// Ownership at the engine level (docs/api.md v1.1 "Access"): a reservation records who made it, a
/// caller naming another owner finds nothing, null (an admin) finds everything, and Idempotency-Keys
/// are scoped per owner. The API passes no owner yet; the engines are called directly.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OwnershipTests(ApiFixture fixture)
{
    private readonly StockApiClient _api = new(fixture.Client);

    private StockEngines Engines => fixture.Factory.Services.GetRequiredService<StockEngines>();

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Another_owner_finds_nothing_the_owner_and_an_admin_find_it(string engineCase)
    {
        var sku = TestEnvironment.NewSku("OWN");
        await _api.CreateProductAsync(sku, 100, engineCase);
        var engine = Engines[EngineCases.EngineOf(engineCase)];
        var strategy = EngineCases.StrategyOf(engineCase);

        var made = await engine.ReserveAsync(sku, new ReserveRequest(2, "u", 900, null, Owner: "a"), strategy, default);
        Assert.Equal(StockError.None, made.Error);
        var id = made.Value!.ReservationId;

        Assert.Equal(StockError.ReservationNotFound, (await engine.GetReservationAsync(sku, id, "b", default)).Error);
        Assert.Equal(StockError.ReservationNotFound, (await engine.ConfirmAsync(sku, id, "b", "b", default)).Error);
        Assert.Equal(StockError.ReservationNotFound, (await engine.CancelAsync(sku, id, "b", "b", default)).Error);
        // Nothing moved for the refused owner.
        Assert.Equal(2, (await _api.GetProductAsync(sku)).GetProperty("reserved").GetInt64());

        Assert.Equal(ReservationStatus.Pending, (await engine.GetReservationAsync(sku, id, "a", default)).Value!.Status);
        Assert.Equal(ReservationStatus.Pending, (await engine.GetReservationAsync(sku, id, null, default)).Value!.Status);
        Assert.Equal(ReservationStatus.Confirmed, (await engine.ConfirmAsync(sku, id, "a", "a", default)).Value!.Status);

        var second = await engine.ReserveAsync(sku, new ReserveRequest(1, "u", 900, null, Owner: "a"), strategy, default);
        Assert.Equal(ReservationStatus.Cancelled, (await engine.CancelAsync(sku, second.Value!.ReservationId, null, "admin", default)).Value!.Status);

        // One made before ownership (no owner) is an admin's only.
        var unowned = await engine.ReserveAsync(sku, new ReserveRequest(1, "u", 900, null), strategy, default);
        Assert.Equal(StockError.ReservationNotFound, (await engine.GetReservationAsync(sku, unowned.Value!.ReservationId, "a", default)).Error);
        Assert.Equal(StockError.None, (await engine.GetReservationAsync(sku, unowned.Value!.ReservationId, null, default)).Error);
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task The_same_idempotency_key_from_two_owners_makes_two_reservations(string engineCase)
    {
        var sku = TestEnvironment.NewSku("OWN");
        await _api.CreateProductAsync(sku, 100, engineCase);
        var engine = Engines[EngineCases.EngineOf(engineCase)];
        var strategy = EngineCases.StrategyOf(engineCase);

        var fromA = await engine.ReserveAsync(sku, new ReserveRequest(1, "u", 900, "order-1", Owner: "a"), strategy, default);
        var fromB = await engine.ReserveAsync(sku, new ReserveRequest(1, "u", 900, "order-1", Owner: "b"), strategy, default);
        var againA = await engine.ReserveAsync(sku, new ReserveRequest(1, "u", 900, "order-1", Owner: "a"), strategy, default);
        // A different body under the same key is still refused within one owner.
        var reusedA = await engine.ReserveAsync(sku, new ReserveRequest(3, "u", 900, "order-1", Owner: "a"), strategy, default);

        Assert.Equal(StockError.None, fromA.Error);
        Assert.Equal(StockError.None, fromB.Error);
        Assert.False(fromB.Replayed);
        Assert.NotEqual(fromA.Value!.ReservationId, fromB.Value!.ReservationId);
        Assert.True(againA.Replayed);
        Assert.Equal(fromA.Value.ReservationId, againA.Value!.ReservationId);
        Assert.Equal(StockError.IdempotencyKeyReused, reusedA.Error);
        Assert.Equal(2, (await _api.GetProductAsync(sku)).GetProperty("reserved").GetInt64());
    }

    [Theory]
    [InlineData("grain")]
    [InlineData("sql")]
    [InlineData("redis")]
    public async Task A_cart_of_another_owner_is_not_found(string engine)
    {
        var sku = TestEnvironment.NewSku("OWN");
        await _api.CreateProductAsync(sku, 10, engine);
        var carts = fixture.Factory.Services.GetRequiredService<CartCoordinator>();
        var order = new CartOrder("u", 600, [new CartOrderLine(sku, 2)]);
        var key = $"cart-key-{sku}";

        var created = await carts.CreateAsync(order, key, null, "a", default);
        Assert.True(created.IsCreated, created.Refusal?.ToString());
        var cartId = created.Cart!.CartId;

        Assert.Equal(CartRefusalKind.NotFound, (await carts.ReadAsync(cartId, "b", default)).Refusal?.Kind);
        Assert.Equal(CartRefusalKind.NotFound, (await carts.CompleteAsync(cartId, CartStatus.Cancelled, "b", default)).Refusal?.Kind);
        Assert.Equal(2, (await _api.GetProductAsync(sku)).GetProperty("reserved").GetInt64());
        Assert.NotNull((await carts.ReadAsync(cartId, "a", default)).Cart);
        Assert.NotNull((await carts.ReadAsync(cartId, null, default)).Cart);

        // The cart's key is scoped per owner too: owner b's cart with the same key is another cart.
        var fromB = await carts.CreateAsync(order, key, null, "b", default);
        Assert.True(fromB.IsCreated, fromB.Refusal?.ToString());
        Assert.NotEqual(cartId, fromB.Cart!.CartId);
        // Its line was reserved under owner b, so only b (or an admin) can act on it.
        var lineId = fromB.Cart.Lines[0].ReservationId;
        Assert.Equal(StockError.ReservationNotFound, (await Engines[engine].GetReservationAsync(sku, lineId, "a", default)).Error);

        Assert.Equal(ReservationStatus.Cancelled, (await carts.CompleteAsync(cartId, CartStatus.Cancelled, "a", default)).Cart!.Status);
        Assert.Equal(2, (await _api.GetProductAsync(sku)).GetProperty("reserved").GetInt64());
    }
}
