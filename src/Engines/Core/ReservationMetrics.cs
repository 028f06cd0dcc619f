using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Stock.Engines;

/// <summary>OpenTelemetry instruments of the HTTP side (meter <c>Orleans.Stock.Api</c>).</summary>
public sealed class ReservationMetrics
{
    public const string MeterName = "Orleans.Stock.Api";

    private readonly Counter<long> _reservations;
    private readonly Histogram<double> _reservationDuration;

    public ReservationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _reservations = meter.CreateCounter<long>("stock.reservations", description: "Reservation requests by engine, strategy and outcome.");
        _reservationDuration = meter.CreateHistogram<double>("stock.reservation.duration", unit: "ms", description: "Time to a durable reservation answer.");
    }

    public void Reserved(string engine, string? strategy, string outcome, int attempts, double milliseconds)
    {
        var tags = new TagList { { "engine", engine }, { "strategy", strategy ?? engine }, { "outcome", outcome } };
        _reservations.Add(1, tags);
        _reservationDuration.Record(milliseconds, tags);
    }
}
