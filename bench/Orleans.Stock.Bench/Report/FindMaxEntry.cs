using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>One <c>find-max</c> result file: its name, the scenario it says it belongs to, what the host looked like.</summary>
/// <param name="File">The file's name, e.g. <c>findmax__grain__p99-50.json</c>: how the report lists it and how <c>host-readings.tsv</c> names it.</param>
public sealed record FindMaxEntry(string File, ScenarioTag Scenario, FindMaxResult Result, HostReading? Host);
