using System.Diagnostics;
using System.Globalization;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Audit;
using Orleans.Stock.Bench.Results;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Load;

/// <summary>
/// Builds the deep-backlog case before measuring: N pending one-unit reservations on the hot SKU, left
/// pending for the run's TTL. They go into the client ledger (the audit must account for them) but not
/// into the measured latencies.
/// </summary>
public sealed class Prefiller(StockApiClient api, ProductSet products, WorkloadSettings workload, ClientLedger ledger)
{
    // Enough overlap for group commit to batch, few enough not to swamp a small machine.
    private const int Concurrency = 64;

    private int _done;

    public int Done => Volatile.Read(ref _done);

    public async Task<PrefillSummary> RunAsync(int count)
    {
        var outcomes = new OutcomeCounts();
        var next = -1;
        var start = Stopwatch.GetTimestamp();

        async Task WorkerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var userId = string.Create(CultureInfo.InvariantCulture, $"prefill-{index % WorkloadSettings.UserPool}");
                var result = await api.ReserveAsync(products[0], 1, userId, workload.TtlSeconds, workload.Target.Strategy, null);
                ledger.Reserved(0, 1, result.Outcome);
                outcomes.Add(Operation.Reserve, result.Outcome);
                Interlocked.Increment(ref _done);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(Concurrency, count)).Select(_ => Task.Run(WorkerAsync)));

        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var counts = outcomes.Snapshot();
        var acknowledged = counts.Where(c => c.Outcome.StartsWith('2')).Sum(c => c.Count);
        return new PrefillSummary(count, acknowledged, elapsed, elapsed > 0 ? acknowledged / elapsed : 0, counts);
    }
}
