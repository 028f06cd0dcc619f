using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Stock.Gateway.Proxy;
using Yarp.ReverseProxy;

namespace Orleans.Stock.Gateway.Health;

/// <summary>Ready while at least one API instance is in the rotation (healthy, or not yet probed).</summary>
public sealed class DestinationsHealthCheck(IProxyStateLookup proxy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxy.TryGetCluster(ApiClusterConfig.ClusterId, out var cluster))
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no API cluster is configured"));
        }

        var available = cluster.DestinationsState.AvailableDestinations.Count;
        var all = cluster.DestinationsState.AllDestinations.Count;
        return Task.FromResult(available > 0
            ? HealthCheckResult.Healthy($"{available} of {all} API instances in rotation")
            : HealthCheckResult.Unhealthy($"none of {all} API instances is in rotation"));
    }
}
