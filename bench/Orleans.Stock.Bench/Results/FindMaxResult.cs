namespace Orleans.Stock.Bench.Results;

/// <param name="HighestHeldRate">The highest offered rate whose step kept reserve p99 within the bound
/// with no errors; null when even the first step failed.</param>
public sealed record FindMaxResult(
    string Tool,
    DateTime StartedAt,
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
