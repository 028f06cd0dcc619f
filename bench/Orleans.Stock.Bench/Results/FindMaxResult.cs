using System.Text.Json.Serialization;

namespace Orleans.Stock.Bench.Results;

/// <param name="Scenario">The scenario of <c>scripts/bench.sh</c> the search belongs to (<c>--scenario</c>); absent when it was not given.</param>
/// <param name="HighestHeldRate">The highest offered rate whose step kept reserve p99 within the bound
/// with no errors; null when even the first step failed.</param>
public sealed record FindMaxResult(
    string Tool,
    DateTime StartedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ScenarioTag? Scenario,
    double StartRate,
    double Step,
    double MaxRate,
    double P99BoundMs,
    double StepSeconds,
    IReadOnlyList<FindMaxStep> Steps,
    double? HighestHeldRate,
    string StopReason)
{
    public bool AuditPassed => Steps.All(step => step.Run.AuditPassed);
}
