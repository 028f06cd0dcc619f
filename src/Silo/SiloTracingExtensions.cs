using Orleans.Diagnostics;
using Orleans.Stock.Telemetry;

namespace Orleans.Stock.Silo;

/// <summary>
/// The silo's traces: the grain calls (continuing the caller's trace from the request context), the
/// activations and storage writes they cause, and the ledger's statements.
/// </summary>
public static class SiloTracingExtensions
{
    public const string ServiceName = "orleans-stock-silo";

    public static ISiloBuilder AddStockSiloTracing(this ISiloBuilder silo, IConfiguration configuration)
    {
        var enabled = silo.Services.AddStockTracing(configuration, ServiceName, tracing => tracing.AddSource(
            ActivitySources.ApplicationGrainActivitySourceName,
            ActivitySources.RuntimeActivitySourceName,
            ActivitySources.LifecycleActivitySourceName,
            ActivitySources.StorageActivitySourceName));
        // Only with tracing on: off, the silo keeps no grain call filter at all.
        if (enabled)
        {
            silo.AddActivityPropagation();
        }

        return silo;
    }
}
