using System.Collections.Concurrent;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Runs;

/// <summary>Creates the run's products with the target engine before any load.</summary>
public sealed class ProductProvisioner(StockApiClient api)
{
    private const int Concurrency = 16;

    public async Task CreateAsync(ProductSet products, WorkloadSettings workload)
    {
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, products.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (index, _) =>
            {
                var sku = products[index];
                var outcome = await api.CreateProductAsync(sku, workload.InitialStock, workload.Target.EngineOfProduct(index));
                if (!outcome.IsSuccess)
                {
                    failures.Enqueue($"{sku}: {outcome.Label}");
                }
            });

        if (failures.TryPeek(out var first))
        {
            throw new BenchSetupException(
                $"could not create {failures.Count} of {products.Count} products at {api.BaseAddress} (first: {first}); is the service running and does it serve engine '{workload.Target.Engine}'?");
        }
    }
}
