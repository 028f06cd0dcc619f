using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Orleans.Stock.Gateway.Proxy;

/// <summary>One route, every path, to one cluster of API instances with active and passive health checks.</summary>
public static class ApiClusterConfig
{
    public const string ClusterId = "api";

    public static RouteConfig[] Routes { get; } =
    [
        new RouteConfig { RouteId = "api", ClusterId = ClusterId, Match = new RouteMatch { Path = "{**path}" } },
    ];

    public static ClusterConfig[] Clusters(GatewayOptions options) =>
    [
        new ClusterConfig
        {
            ClusterId = ClusterId,
            // Two random instances, the less busy one wins: spreads load without a shared counter.
            LoadBalancingPolicy = "PowerOfTwoChoices",
            Destinations = options.Destinations.Select((uri, i) => (uri, i)).ToDictionary(
                d => $"api-{d.i}", d => new DestinationConfig { Address = d.uri.ToString() }),
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = options.HealthInterval,
                    Timeout = options.HealthTimeout,
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    // The API's readiness: PostgreSQL and the Orleans cluster reachable from that instance.
                    Path = "/health/ready",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = options.ReactivationPeriod,
                },
            },
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = options.RequestTimeout },
            Metadata = new Dictionary<string, string>
            {
                [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] = options.FailedProbesToEject.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        },
    ];
}
