namespace Orleans.Stock.Dashboard.Snapshot;

/// <summary>This API process's memory and garbage collector over the last interval.</summary>
public sealed record ProcessView(
    long WorkingSetBytes,
    long GcHeapBytes,
    double AllocatedBytesPerSecond,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPausePercent,
    int ThreadPoolThreads,
    long ThreadPoolQueue);
