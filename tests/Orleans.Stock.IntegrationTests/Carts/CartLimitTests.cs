using System.Net;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Carts;

/// <summary>A cart line past its product's <c>maxPerUser</c> fails the whole cart, like insufficient stock.</summary>
[Collection(ApiCollection.Name)]
public sealed class CartLimitTests(ApiFixture fixture)
{
    private readonly CartClient _carts = new(fixture.Client);

    [Theory]
    [MemberData(nameof(CartCase.All), MemberType = typeof(CartCase))]
    public async Task A_line_past_maxPerUser_fails_the_cart_with_limit_exceeded_and_reserves_nothing(string name)
    {
        var cartCase = CartCase.Of(name);
        string[] skus = [TestEnvironment.NewSku("CART"), TestEnvironment.NewSku("CART"), TestEnvironment.NewSku("CART")];
        for (var i = 0; i < skus.Length; i++)
        {
            await _carts.Api.CreateProductAsync(skus[i], 10, cartCase.EngineOfLine(i), maxPerUser: i == 1 ? 2 : null);
        }

        // The user already holds 1 of the limited product: 1 + 2 > 2.
        using (var held = await _carts.Api.ReserveAsync(skus[1], 1, "user-7"))
        {
            Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        }

        using var response = await _carts.CreateAsync(cartCase, "user-7", 600, (skus[0], 2), (skus[1], 2), (skus[2], 3));

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.Conflict, "limit-exceeded");
        Assert.Equal(skus[1], problem.GetProperty("sku").GetString());
        Assert.Equal(2, problem.GetProperty("maxPerUser").GetInt32());
        Assert.Equal(1, problem.GetProperty("held").GetInt64());
        Assert.True(await CartClient.EventuallyAsync(
            async () => await _carts.ReservedAsync(skus[0]) == 0 && await _carts.ReservedAsync(skus[2]) == 0,
            TimeSpan.FromSeconds(10)));
        Assert.Equal(1, await _carts.ReservedAsync(skus[1]));

        // Within the limit the same cart goes through.
        using var ok = await _carts.CreateAsync(cartCase, "user-7", 600, (skus[0], 2), (skus[1], 1), (skus[2], 3));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }
}
