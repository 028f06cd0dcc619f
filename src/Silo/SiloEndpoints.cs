using System.Net;
using Orleans.Configuration;

namespace Orleans.Stock.Silo;

/// <summary>Where a silo listens and what it advertises, from <see cref="SiloHostOptions"/>.</summary>
public static class SiloEndpoints
{
    public static bool IsAny(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    public static void Apply(EndpointOptions endpoints, SiloHostOptions host)
    {
        var listen = IPAddress.Parse(host.ListenAddress);
        endpoints.SiloPort = host.SiloPort;
        endpoints.GatewayPort = host.GatewayPort;
        endpoints.AdvertisedIPAddress = host.AdvertisedAddress is { } advertised ? IPAddress.Parse(advertised) : listen;
        endpoints.SiloListeningEndpoint = new IPEndPoint(listen, host.SiloPort);
        endpoints.GatewayListeningEndpoint = new IPEndPoint(listen, host.GatewayPort);
    }
}
