using System.Diagnostics.Metrics;

namespace Orleans.Stock.Events.Stamping;

/// <summary>The events subsystem's instruments (meter <see cref="MeterName"/>).</summary>
public sealed class EventMetrics
{
    public const string MeterName = "Orleans.Stock.Events";

    private readonly Counter<long> _stamped;
    private readonly Histogram<double> _stampLag;
    private readonly Counter<long> _pruned;

    public EventMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _stamped = meter.CreateCounter<long>("stock.events.stamped", "{event}", "Outbox rows given a feed position.");
        _stampLag = meter.CreateHistogram<double>(
            "stock.events.stamp_lag", "ms",
            "Per stamping batch: how long its oldest row waited, from the change to its feed position.");
        _pruned = meter.CreateCounter<long>("stock.events.pruned", "{event}", "Delivered events deleted by retention.");
    }

    public void Stamped(int rows, double oldestLagMilliseconds)
    {
        if (rows == 0)
        {
            return;
        }

        _stamped.Add(rows);
        _stampLag.Record(Math.Max(0, oldestLagMilliseconds));
    }

    public void Pruned(int rows) => _pruned.Add(rows);
}
