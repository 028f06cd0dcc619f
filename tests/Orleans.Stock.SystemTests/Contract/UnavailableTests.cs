using System.Net;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

/// <summary>When storage or the cluster cannot be reached the answer is 503 <c>unavailable</c> with Retry-After, never a 500.</summary>
public sealed class UnavailableTests
{
    [Fact]
    public async Task Unreachable_database_is_503_with_retry_after_and_not_ready()
    {
        var cluster = await StockCluster.StartAsync(silos: 1);
        try
        {
            // Nothing listens on port 1: every database call fails at once.
            await using var factory = new ApiFactory(cluster).WithWebHostBuilder(b =>
                b.UseSetting("ConnectionStrings:Stock", "Host=127.0.0.1;Port=1;Database=stock;Username=stock;Timeout=2"));
            using var client = factory.CreateClient();

            using var read = await client.GetAsync($"/api/products/{TestEnvironment.NewSku()}");
            await StockApiClient.ReadProblemAsync(read, HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.Equal("1", read.Headers.GetValues("Retry-After").Single());

            using var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_cluster_with_no_silo_left_is_503_with_retry_after()
    {
        var cluster = await StockCluster.StartAsync(silos: 1);
        // A short retry budget: the API retries calls lost with a silo before it answers 503.
        await using var factory = new ApiFactory(cluster).WithWebHostBuilder(b => b.UseSetting("Orleans:Retry:Budget", "00:00:01"));
        using var client = factory.CreateClient();
        var api = new StockApiClient(client);
        var sku = TestEnvironment.NewSku();
        await api.CreateProductAsync(sku, 10, "grain");

        await cluster.KillSiloAsync(cluster.Primary!);
        try
        {
            using var reserve = await api.ReserveAsync(sku, 1);
            await StockApiClient.ReadProblemAsync(reserve, HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.True(reserve.Headers.RetryAfter is not null);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
