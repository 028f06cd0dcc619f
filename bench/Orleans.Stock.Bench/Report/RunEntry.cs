using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>One <c>run</c> result file: its name, the scenario it says it belongs to, what the host looked like.</summary>
/// <param name="File">The file's name, e.g. <c>tps__grain__100.json</c>: how the report lists it and how <c>host-readings.tsv</c> names it.</param>
public sealed record RunEntry(string File, ScenarioTag Scenario, RunResult Result, HostReading? Host);
