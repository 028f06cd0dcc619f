using Orleans.Stock.Abstractions;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Grains;

/// <summary>
/// A bad value from a client that bypasses the API (any Orleans client may call the grain) fails
/// alone: the other commands of its group commit succeed and the ledger stays consistent.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainBatchIsolationTests(ClusterFixture fixture)
{
    // (No unpaired surrogate here: Orleans carries strings as UTF-8, which replaces one on the way.)
    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("line\r\nbreak")]
    public async Task One_bad_userId_among_100_concurrent_reservations_is_refused_alone(string badUserId)
    {
        var sku = TestEnvironment.NewSku();
        var grain = fixture.Cluster.Client.GetGrain<IStockGrain>(sku);
        Assert.True((await grain.CreateAsync("Hot", 1_000)).IsSuccess);

        var calls = Enumerable.Range(0, 101)
            .Select(i => grain.ReserveAsync(new ReserveRequest(1, i == 50 ? badUserId : $"user-{i}", 900, $"key-{i}")))
            .ToList();
        var replies = await Task.WhenAll(calls);

        Assert.Equal(StockError.InvalidInput, replies[50].Error);
        Assert.Equal(100, replies.Count(r => r.IsSuccess));
        var product = (await grain.GetAsync()).Value!;
        Assert.Equal(900, product.Available);
        Assert.Equal(100, product.Reserved);
        // Created plus one version per acknowledged reservation: nothing of the bad one was written.
        Assert.Equal(101, product.Version);
        await using var ledger = new LedgerAccess();
        Assert.Equal(100, await ledger.CountAsync(sku, "Reserved"));
        // The refusal is final, not a 503 to retry: the same call is refused again, at once.
        Assert.Equal(StockError.InvalidInput, (await grain.ReserveAsync(new ReserveRequest(1, badUserId, 900, null))).Error);
    }

    [Fact]
    public async Task Bad_ids_and_names_are_refused_without_failing_the_activation()
    {
        var sku = TestEnvironment.NewSku();
        var grain = fixture.Cluster.Client.GetGrain<IStockGrain>(sku);
        Assert.Equal(StockError.InvalidInput, (await grain.CreateAsync("mug\u0000", 5)).Error);
        Assert.Equal(StockError.ProductNotFound, (await grain.GetAsync()).Error);
        Assert.True((await grain.CreateAsync("mug", 5)).IsSuccess);

        var replies = await Task.WhenAll(
            grain.ConfirmAsync("id\u0000"), grain.CancelAsync("id\u0000"), grain.GetReservationAsync("id\u0000"), grain.ReserveAsync(new ReserveRequest(2, "u", 900, null)));

        Assert.All(replies[..3], r => Assert.Equal(StockError.InvalidInput, r.Error));
        Assert.True(replies[3].IsSuccess);
        Assert.Equal(3, (await grain.GetAsync()).Value!.Available);
    }
}
