using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Orleans.Stock.Engines.Redis;

/// <summary>Ready when the engine's Redis answers; degraded (still ready) while it is being reconciled with PostgreSQL.</summary>
public sealed class RedisEngineHealthCheck(
    [FromKeyedServices(RedisEngineSetup.ServiceKey)] IConnectionMultiplexer redis,
    RedisRecoveryGate gate) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return gate.IsOpen
                ? HealthCheckResult.Healthy($"Redis answers in {latency.TotalMilliseconds:F1} ms.")
                : HealthCheckResult.Degraded("Redis answers; reconciling it with PostgreSQL.");
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            return HealthCheckResult.Unhealthy("Redis unreachable.", ex);
        }
    }
}
