using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Stock.Engines.Grain;

/// <summary>Counts grain calls retried after a silo loss (meter <c>Orleans.Stock.Api.Failover</c>).</summary>
public sealed class GrainRetryMetrics
{
    public const string MeterName = "Orleans.Stock.Api.Failover";

    private readonly Counter<long> _retries;
    private readonly Counter<long> _exhausted;

    public GrainRetryMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _retries = meter.CreateCounter<long>("stock.grain.retries", description: "Grain calls attempted again after a silo loss, by operation and reason.");
        _exhausted = meter.CreateCounter<long>("stock.grain.retries.exhausted", description: "Grain calls that still failed when the retry budget ran out (answered 503).");
    }

    public void Retried(string operation, string reason) =>
        _retries.Add(1, new TagList { { "operation", operation }, { "reason", reason } });

    public void Exhausted(string operation) => _exhausted.Add(1, new TagList { { "operation", operation } });
}
