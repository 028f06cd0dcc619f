using System.Globalization;

namespace Orleans.Stock.Tests.Tracing;

/// <summary>Tracing on without an OTLP endpoint (the tests' exporter is in memory), at a given ratio.</summary>
public static class TracingSettings
{
    public static Dictionary<string, string?> For(double sampleRatio) => new()
    {
        ["Stock:Tracing:Enabled"] = "true",
        ["Stock:Tracing:SampleRatio"] = sampleRatio.ToString(CultureInfo.InvariantCulture),
    };
}
