using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>One <c>find-max</c> result file with what its name says and what the host looked like.</summary>
public sealed record FindMaxEntry(ResultName Name, FindMaxResult Result, HostReading? Host);
