using System.Diagnostics.Metrics;

namespace Orleans.Stock.Webhooks.Delivery;

/// <summary>Webhook delivery's instruments (meter <see cref="MeterName"/>).</summary>
public sealed class WebhookMetrics
{
    public const string MeterName = "Orleans.Stock.Webhooks";

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dropped;

    public WebhookMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _delivered = meter.CreateCounter<long>("stock.webhooks.delivered", "{event}", "Events a receiver accepted.");
        _failed = meter.CreateCounter<long>("stock.webhooks.failed_attempts", "{attempt}", "Delivery attempts that failed (to be retried).");
        _dropped = meter.CreateCounter<long>("stock.webhooks.dropped", "{event}", "Events given up on after their age limit.");
    }

    public void Delivered() => _delivered.Add(1);

    public void Failed() => _failed.Add(1);

    public void Dropped() => _dropped.Add(1);
}
