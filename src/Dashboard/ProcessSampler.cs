using Orleans.Stock.Dashboard.Snapshot;

namespace Orleans.Stock.Dashboard;

/// <summary>
/// This process's memory, allocation rate, collections and GC pause share over the last interval,
/// read straight from the runtime (the same sources as the <c>process_runtime_dotnet_*</c> metrics).
/// </summary>
public sealed class ProcessSampler
{
    private long _allocated = GC.GetTotalAllocatedBytes();
    private int _gen0 = GC.CollectionCount(0);
    private int _gen1 = GC.CollectionCount(1);
    private int _gen2 = GC.CollectionCount(2);
    private TimeSpan _paused = GC.GetTotalPauseDuration();

    public ProcessView Sample(double seconds)
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var paused = GC.GetTotalPauseDuration();
        var view = new ProcessView(
            Environment.WorkingSet,
            GC.GetGCMemoryInfo().HeapSizeBytes,
            (allocated - _allocated) / seconds,
            gen0 - _gen0,
            gen1 - _gen1,
            gen2 - _gen2,
            100 * (paused - _paused).TotalSeconds / seconds,
            ThreadPool.ThreadCount,
            ThreadPool.PendingWorkItemCount);
        (_allocated, _gen0, _gen1, _gen2, _paused) = (allocated, gen0, gen1, gen2, paused);
        return view;
    }
}
