using System.Net;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.SqlEngine;

/// <summary>The optimistic strategy under real contention on one hot row, through the HTTP API.</summary>
[Collection(ApiCollection.Name)]
public sealed class OptimisticContentionTests(ApiFixture fixture)
{
    [Fact]
    public async Task With_no_retries_and_fallback_on_conflicting_requests_are_served_pessimistically_and_say_so()
    {
        await using var factory = fixture.Factory.WithWebHostBuilder(b => b.UseSetting("Stock:Sql:MaxRetries", "0"));
        var api = new StockApiClient(factory.CreateClient());
        var sku = TestEnvironment.NewSku();
        await api.CreateProductAsync(sku, 1_000, "sql:optimistic");

        var replies = await ConcurrentReservations.ReserveAsync(api, sku);

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        var fellBack = replies.Where(r => r.Strategy == "pessimistic").ToList();
        Assert.NotEmpty(fellBack);
        Assert.All(fellBack, r => Assert.Equal(2, r.Attempts));
        Assert.All(replies.Where(r => r.Strategy == "optimistic"), r => Assert.Equal(1, r.Attempts));
        Assert.Equal(ConcurrentReservations.Clients, (await api.GetProductAsync(sku)).GetProperty("reserved").GetInt64());
    }

    [Fact]
    public async Task With_no_retries_and_no_fallback_conflicting_requests_get_503_and_change_nothing()
    {
        await using var factory = fixture.Factory.WithWebHostBuilder(b => b
            .UseSetting("Stock:Sql:MaxRetries", "0")
            .UseSetting("Stock:Sql:FallbackToPessimistic", "false"));
        var api = new StockApiClient(factory.CreateClient());
        var sku = TestEnvironment.NewSku();
        await api.CreateProductAsync(sku, 1_000, "sql:optimistic");

        var replies = await ConcurrentReservations.ReserveAsync(api, sku);

        var refused = replies.Count(r => r.Status == HttpStatusCode.ServiceUnavailable);
        var served = replies.Count(r => r.Status == HttpStatusCode.Created);
        Assert.True(refused > 0, "contention must exhaust a zero-retry budget");
        Assert.Equal(ConcurrentReservations.Clients, refused + served);
        var product = await api.GetProductAsync(sku);
        Assert.Equal(served, product.GetProperty("reserved").GetInt64());
        Assert.Equal(1_000 - served, product.GetProperty("available").GetInt64());
    }
}
