using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Stock.Silo.Health;

/// <summary>
/// Ready while this silo is an active member: before it has joined it hosts nothing, and once it is
/// shutting down (SIGTERM, a pod being deleted) a readiness probe should see it leave before it is gone.
/// </summary>
public sealed class SiloMembershipHealthCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = oracle.CurrentStatus;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {oracle.SiloAddress} is active")
            : HealthCheckResult.Unhealthy($"silo {oracle.SiloAddress} is {status}"));
    }
}
