using System.Net;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Carts;

/// <summary>
/// The cart invariant that matters to users, checked against the recorded carts and the live
/// counters: once every cart has settled, each SKU's reserved units are exactly the lines of its
/// pending carts, so no failed (or half-done) cart holds anything, and nothing is oversold.
/// </summary>
public static class CartAudit
{
    public static async Task<IReadOnlyList<AuditedCart>> SettledCartsAsync(CartDatabase db, string userPrefix, TimeSpan timeout)
    {
        var settled = await CartClient.EventuallyAsync(async () => await db.InProgressCountAsync(userPrefix) == 0, timeout);
        Assert.True(settled, $"carts of {userPrefix} still in progress after {timeout}");
        return await db.CartsOfUsersAsync(userPrefix);
    }

    public static async Task AssertReservedMatchesPendingCartsAsync(CartClient client, IReadOnlyList<AuditedCart> carts, IEnumerable<string> skus)
    {
        Assert.All(carts, c => Assert.Contains(c.Status, new[] { "pending", "failed", "confirmed", "cancelled" }));
        foreach (var sku in skus)
        {
            var product = await client.Api.GetProductAsync(sku);
            var pending = carts.Where(c => c.Status == "pending").SelectMany(c => c.Lines).Where(l => l.Sku == sku).Sum(l => l.Quantity);
            Assert.True(product.GetProperty("available").GetInt64() >= 0);
            Assert.True(pending == product.GetProperty("reserved").GetInt64(),
                $"{sku}: reserved {product.GetProperty("reserved").GetInt64()}, but the pending carts hold {pending}");
        }
    }

    /// <summary>Every acknowledged cart reads pending with every line pending.</summary>
    public static async Task AssertAcknowledgedCartsReadPendingAsync(CartClient client, IEnumerable<string> cartIds)
    {
        foreach (var cartId in cartIds)
        {
            using var response = await client.GetAsync(cartId);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cart = await StockApiClient.ReadJsonAsync(response);
            Assert.Equal("pending", cart.GetProperty("status").GetString());
            Assert.All(cart.GetProperty("lines").EnumerateArray(), l => Assert.Equal("pending", l.GetProperty("status").GetString()));
        }
    }
}
