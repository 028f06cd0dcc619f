using System.Diagnostics.Metrics;

namespace Orleans.Stock.Carts;

/// <summary>Carts created, failed and recovered (meter <c>Orleans.Stock.Carts</c>).</summary>
public sealed class CartMetrics
{
    public const string MeterName = "Orleans.Stock.Carts";

    private readonly Counter<long> _created;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _recovered;
    private readonly Histogram<double> _duration;

    public CartMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _created = meter.CreateCounter<long>("stock.carts.created", description: "Carts reserved in full and acknowledged (201).");
        _failed = meter.CreateCounter<long>("stock.carts.failed", description: "Carts refused, by the problem code of their first failing line.");
        _recovered = meter.CreateCounter<long>("stock.carts.recovered", description: "Carts finished by the recovery after their coordinator's lease lapsed, by the state it found.");
        _duration = meter.CreateHistogram<double>("stock.cart.duration", unit: "ms", description: "Time to a cart's create answer, by outcome.");
    }

    public void Created(double milliseconds)
    {
        _created.Add(1);
        _duration.Record(milliseconds, new KeyValuePair<string, object?>("outcome", "created"));
    }

    public void Failed(string code, double milliseconds)
    {
        _failed.Add(1, new KeyValuePair<string, object?>("code", code));
        _duration.Record(milliseconds, new KeyValuePair<string, object?>("outcome", code));
    }

    public void Recovered(CartStatus found) => _recovered.Add(1, new KeyValuePair<string, object?>("status", found.ToDb()));
}
