using System.Text.Json.Serialization;
using Orleans.Stock.Bench.Audit;

namespace Orleans.Stock.Bench.Results;

/// <summary>Everything one run measured; this is what <c>--json</c> writes.</summary>
/// <param name="Scenario">The scenario of <c>scripts/bench.sh</c> the run belongs to (<c>--scenario</c>); absent
/// when it was not given, and in the steps of a find-max, whose result carries it once.</param>
/// <param name="Latency">Per operation (<c>reserve</c>, <c>confirm</c>, <c>cancel</c>) as the clients saw it,
/// <c>reserveServerElapsed</c>: the server's own <c>elapsedMs</c> of successful reserves, and <c>reserveSendLag</c>:
/// from each reserve's due time to its hand-over to the HTTP stack (the generator's own lateness). Null when none.</param>
/// <param name="Errors">Requests that were neither 2xx nor a business 409, client-side failures included.</param>
/// <param name="ServerCounters">Deltas over the load phase of the server's <c>stock_*</c> counters, by series.</param>
/// <param name="Drained">Whether every request in flight at the end of the window was answered before the audit.</param>
/// <param name="ClientFault">An exception that escaped a session (a bug in this tool), if any.</param>
/// <param name="Failover">With <c>--fault-command</c>: the fault and the load before, during and after it; null otherwise
/// (also when the load ended before the fault was due).</param>
/// <param name="GrainBatches">With <c>--silo-metrics</c>: the group-commit batch sizes of the load phase.</param>
/// <param name="Carts">The cart audit of a cart run; null for single-line runs (and results written before carts).</param>
/// <param name="Delivery">With <c>--webhook-port</c>: the events' delivery lag and audit; null otherwise.</param>
public sealed record RunResult(
    string Tool,
    DateTime StartedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ScenarioTag? Scenario,
    RunConfig Config,
    PrefillSummary? Prefill,
    ThroughputSummary Throughput,
    IReadOnlyDictionary<string, LatencySummary?> Latency,
    IReadOnlyList<OutcomeCount> Outcomes,
    long Errors,
    ServerConflicts ServerConflicts,
    ClientConflicts ClientConflicts,
    IReadOnlyDictionary<string, double>? ServerCounters,
    AuditResult Audit,
    bool Drained,
    string? ClientFault,
    FailoverSummary? Failover = null,
    BatchSizeDistribution? GrainBatches = null,
    CartAuditResult? Carts = null,
    DeliverySummary? Delivery = null)
{
    /// <summary>Every audit: the per-SKU counters and, in a cart run, every cart; with a webhook, the deliveries.</summary>
    [JsonIgnore]
    public bool AuditPassed => Audit.Passed && (Carts?.Passed ?? true) && (Delivery?.Passed ?? true);

    [JsonIgnore]
    public LatencySummary? Reserve => Latency.GetValueOrDefault("reserve");

    [JsonIgnore]
    public LatencySummary? ReserveServerElapsed => Latency.GetValueOrDefault("reserveServerElapsed");

    [JsonIgnore]
    public LatencySummary? ReserveSendLag => Latency.GetValueOrDefault("reserveSendLag");
}
