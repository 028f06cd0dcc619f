using Orleans.Stock.Bench.Load;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Runs;

/// <summary>Everything that decides one run: where, what the clients ask, how hard, through which client.</summary>
public sealed record RunPlan(Uri BaseUrl, WorkloadSettings Workload, LoadSettings Load, int MaxConnections, TimeSpan RequestTimeout);
