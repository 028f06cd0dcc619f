using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Carts;
using Orleans.Stock.Engines;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Carts;

/// <summary>
/// A coordinator that dies mid-cart, played by writing the cart rows it would have left behind
/// (with a lapsed lease) and the reservations it would have made: the recovery service of the
/// running API must finish each cart within seconds.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CartRecoveryTests(ApiFixture fixture)
{
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(5);
    private readonly CartClient _carts = new(fixture.Client);

    [Fact]
    public async Task A_cart_abandoned_while_reserving_is_released_within_seconds()
    {
        var grainSku = TestEnvironment.NewSku("CART");
        var sqlSku = TestEnvironment.NewSku("CART");
        var otherGrainSku = TestEnvironment.NewSku("CART");
        await _carts.Api.CreateProductAsync(grainSku, 10, "grain");
        await _carts.Api.CreateProductAsync(sqlSku, 10, "sql");
        await _carts.Api.CreateProductAsync(otherGrainSku, 10, "grain");
        var cartId = Guid.CreateVersion7().ToString("N");
        const string UserId = "abandoned-user";
        const int Ttl = 900;

        // Line 0 was reserved through its engine with the line's derived key, and the coordinator
        // died before recording it; line 1 (sql) was reserved too; line 2 was never reached.
        var line0 = await ReserveAsLineAsync(grainSku, cartId, 0, 2, UserId, Ttl);
        var line1 = await ReserveAsLineAsync(sqlSku, cartId, 1, 3, UserId, Ttl);
        Assert.Equal(2, await _carts.ReservedAsync(grainSku));
        Assert.Equal(3, await _carts.ReservedAsync(sqlSku));

        await using var db = new CartDatabase();
        var abandoned = Stopwatch.StartNew();
        await db.InsertAbandonedCartAsync(cartId, UserId, Ttl, "reserving",
            [(grainSku, 2, "grain", null), (sqlSku, 3, "sql", null), (otherGrainSku, 1, "grain", null)]);

        Assert.True(await CartClient.EventuallyAsync(async () => await db.StatusAsync(cartId) == "failed", RecoveryBound),
            $"cart still {await db.StatusAsync(cartId)} after {RecoveryBound}");
        abandoned.Stop();

        Assert.Equal(0, await _carts.ReservedAsync(grainSku));
        Assert.Equal(0, await _carts.ReservedAsync(sqlSku));
        Assert.Equal(0, await _carts.ReservedAsync(otherGrainSku));
        Assert.Equal(10, await _carts.AvailableAsync(otherGrainSku));
        Assert.Equal("cancelled", await ReservationStatusAsync(grainSku, line0));
        Assert.Equal("cancelled", await ReservationStatusAsync(sqlSku, line1));
        using var read = await _carts.GetAsync(cartId);
        await StockApiClient.ReadProblemAsync(read, HttpStatusCode.NotFound, "reservation-not-found");
        Assert.True(abandoned.Elapsed < RecoveryBound, $"recovered after {abandoned.Elapsed}");
    }

    [Fact]
    public async Task A_cart_abandoned_while_compensating_finishes_releasing_its_recorded_lines()
    {
        var skus = await _carts.CreateProductsAsync(CartCase.Of("mixed"), 10, 10);
        var cartId = Guid.CreateVersion7().ToString("N");
        var line0 = await ReserveAsLineAsync(skus[0], cartId, 0, 4, "compensating-user", 600);

        await using var db = new CartDatabase();
        await db.InsertAbandonedCartAsync(cartId, "compensating-user", 600, "compensating",
            [(skus[0], 4, "grain", line0), (skus[1], 1, "sql", null)]);

        Assert.True(await CartClient.EventuallyAsync(async () => await db.StatusAsync(cartId) == "failed", RecoveryBound));
        Assert.Equal(0, await _carts.ReservedAsync(skus[0]));
        Assert.Equal(0, await _carts.ReservedAsync(skus[1]));
        Assert.Equal("cancelled", await ReservationStatusAsync(skus[0], line0));
    }

    [Theory]
    [InlineData("confirming", "confirmed")]
    [InlineData("cancelling", "cancelled")]
    public async Task A_confirm_or_cancel_abandoned_mid_way_is_finished_by_the_recovery(string abandonedIn, string finishedAs)
    {
        var cartCase = CartCase.Of("mixed");
        var skus = await _carts.CreateProductsAsync(cartCase, 10, 10, 10);
        var cart = await _carts.CreateOkAsync(cartCase, "finishing-user", 600, (skus[0], 1), (skus[1], 2), (skus[2], 3));
        var cartId = cart.GetProperty("cartId").GetString()!;
        var lines = cart.GetProperty("lines").EnumerateArray().ToList();

        // The coordinator had done the first line only when it died.
        var first = lines[0].GetProperty("reservationId").GetString()!;
        var action = abandonedIn == "confirming" ? "confirm" : "cancel";
        using (var done = await _carts.Api.PostAsync($"/api/products/{skus[0]}/reservations/{first}/{action}", null))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        await using var db = new CartDatabase();
        await db.AbandonInStatusAsync(cartId, abandonedIn);

        Assert.True(await CartClient.EventuallyAsync(async () => await db.StatusAsync(cartId) == finishedAs, RecoveryBound));
        var read = await _carts.GetOkAsync(cartId);
        Assert.Equal(finishedAs, read.GetProperty("status").GetString());
        Assert.All(read.GetProperty("lines").EnumerateArray(), l => Assert.Equal(finishedAs, l.GetProperty("status").GetString()));
        for (var i = 0; i < 3; i++)
        {
            var product = await _carts.Api.GetProductAsync(skus[i]);
            Assert.Equal(0, product.GetProperty("reserved").GetInt64());
            Assert.Equal(finishedAs == "confirmed" ? i + 1 : 0, product.GetProperty("sold").GetInt64());
        }
    }

    [Fact]
    public async Task A_retry_with_the_key_of_a_cart_being_released_waits_for_it_and_then_reserves_anew()
    {
        // The key's cart is still compensating (its coordinator died): the retry neither takes the
        // key from it nor answers 200 for a cart that was never acknowledged.
        var sku = TestEnvironment.NewSku("CART");
        await _carts.Api.CreateProductAsync(sku, 10, "grain");
        var key = $"abandoned-{Guid.NewGuid():N}";
        await using var db = new CartDatabase();
        var cartId = Guid.CreateVersion7().ToString("N");
        await db.InsertAbandonedCartAsync(cartId, "retry-user", 900, "reserving", [(sku, 1, "grain", null)]);
        // Stored as the engines store a key: scoped to the key that made the cart (the tests' admin key).
        await db.SetIdempotencyKeyAsync(cartId, ReservationOwner.ScopeKey("bootstrap-admin", key)!, CartRequestFingerprint.Of("retry-user", 900, [(sku, 1)]));

        using var retry = await _carts.CreateAsync(CartClient.Body("retry-user", 900, (sku, 1)), key);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var created = await StockApiClient.ReadJsonAsync(retry);
        Assert.NotEqual(cartId, created.GetProperty("cartId").GetString());
        Assert.Equal("failed", await db.StatusAsync(cartId));
        Assert.Equal(1, await _carts.ReservedAsync(sku));
    }

    /// <summary>
    /// What a coordinator that died had done for the line: reserved it under the line's own key,
    /// through the engine (clients may not use the service's "cart:" keys over HTTP).
    /// </summary>
    private async Task<string> ReserveAsLineAsync(string sku, string cartId, int lineNo, int quantity, string userId, int ttl)
    {
        var lookup = await fixture.Factory.Services.GetRequiredService<ProductEngineResolver>().ResolveAsync(sku, CancellationToken.None);
        var reply = await lookup.Engine!.ReserveAsync(sku, new ReserveRequest(quantity, userId, ttl, CartLineKey.For(cartId, lineNo)), null, CancellationToken.None);
        Assert.True(reply.IsSuccess, $"the line's reservation was refused: {reply.Error}");
        return reply.Value!.ReservationId;
    }

    private async Task<string?> ReservationStatusAsync(string sku, string reservationId)
    {
        using var response = await fixture.Client.GetAsync($"/api/products/{sku}/reservations/{reservationId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await StockApiClient.ReadJsonAsync(response)).GetProperty("status").GetString();
    }
}
