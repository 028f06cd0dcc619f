using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Telemetry;

/// <summary>
/// <c>Stock:Tracing</c>: whether this process records traces and which share of the traces it starts.
/// Where they go is OpenTelemetry's own <c>OTEL_*</c> variables (endpoint, protocol, headers, service name).
/// </summary>
public sealed class StockTracingOptions
{
    public const string Section = "Stock:Tracing";

    /// <summary>
    /// Unset: on exactly when an OTLP endpoint is configured, since spans nobody exports are pure cost.
    /// True: on without one (an exporter added in code, as the tests do). False: off, nothing registered.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// The share of traces started here (requests without a <c>traceparent</c>) that are recorded. A request
    /// whose caller already decided follows that decision, so a trace is never recorded in pieces.
    /// </summary>
    [Range(0.0, 1.0)]
    public double SampleRatio { get; set; } = 0.01;
}
