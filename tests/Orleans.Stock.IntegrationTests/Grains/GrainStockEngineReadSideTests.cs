using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines.Grain;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Grains;

/// <summary>
/// The grain engine as the API uses it (the engine in front of the TestCluster's grains): every caller's
/// key id reaches the history, adjustments are retried under a key of their own, settings go through.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainStockEngineReadSideTests(ClusterFixture fixture) : IAsyncLifetime
{
    private readonly GrainOutboxRows _rows = new();
    private ServiceProvider? _services;
    private GrainStockEngine? _engine;

    private GrainStockEngine Engine => _engine!;

    public Task InitializeAsync()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = Options.Create(new GrainRetryOptions());
        var retry = new GrainCallRetry(options, new GrainRetryMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger<GrainCallRetry>.Instance, TimeProvider.System);
        _engine = new GrainStockEngine(fixture.Cluster.Client, retry, options, new GrainLedgerHistory(_rows.DataSource));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _rows.DisposeAsync();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Each_caller_key_id_is_the_actor_of_its_change_in_the_history()
    {
        var sku = TestEnvironment.NewSku();
        var created = await Engine.CreateAsync(sku, new NewProduct("Lamp", 10, MaxPerUser: 3, LowStockThreshold: 2, Actor: "key-create"), default);
        var reservation = (await Engine.ReserveAsync(sku, new ReserveRequest(2, "u", 900, null, Owner: "key-owner"), null, default)).Value!;
        await Engine.ConfirmAsync(sku, reservation.ReservationId, null, "key-confirm", default);
        await Engine.RestockAsync(sku, 1, "key-restock", default);
        var adjusted = await Engine.AdjustAsync(sku, new StockAdjustment(AdjustmentMode.Delta, -1, "broken", null, "key-adjust", null), default);
        var patched = await Engine.UpdateSettingsAsync(sku, new ProductSettingsChange(false, null, true, 5), default);

        var history = (await Engine.GetHistoryAsync(sku, 0, 100, default)).Value!;

        Assert.Equal((3, 2), (created.Value!.MaxPerUser, created.Value.LowStockThreshold));
        // No key was sent: the engine's own key made the adjustment safe to retry, and is not a replay.
        Assert.True(adjusted.IsSuccess);
        Assert.False(adjusted.Replayed);
        Assert.Equal((3, 5, 5L), (patched.Value!.MaxPerUser, patched.Value.LowStockThreshold, patched.Value.Version));
        Assert.Equal(
            [
                (HistoryKinds.Created, "key-create"), (HistoryKinds.Reserved, "key-owner"), (HistoryKinds.Confirmed, "key-confirm"),
                (HistoryKinds.Restocked, "key-restock"), (HistoryKinds.Adjusted, "key-adjust"),
            ],
            history.Items.Select(i => (i.Kind, i.Actor)));
        Assert.Equal((3, 5), await _rows.CatalogSettingsAsync(sku));
        Assert.Equal(StockError.ProductNotFound, (await Engine.GetHistoryAsync(TestEnvironment.NewSku(), 0, 10, default)).Error);
    }
}
