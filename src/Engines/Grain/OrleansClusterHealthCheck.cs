using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Stock.Engines.Grain;

/// <summary>Ready when the client reaches a gateway and the cluster has at least one active silo.</summary>
public sealed class OrleansClusterHealthCheck(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s).")
                : HealthCheckResult.Unhealthy("No active silo.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Cluster unreachable.", ex);
        }
    }
}
