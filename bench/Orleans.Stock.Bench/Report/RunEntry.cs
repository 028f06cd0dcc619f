using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>One <c>run</c> result file with what its name says and what the host looked like.</summary>
public sealed record RunEntry(ResultName Name, RunResult Result, HostReading? Host);
