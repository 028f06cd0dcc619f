using System.Net;
using Orleans.Configuration;
using Orleans.Stock.Silo;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>Where a silo listens and what it advertises, and which addresses are refused.</summary>
public sealed class SiloEndpointsTests
{
    private readonly SiloHostOptionsValidator _validator = new();

    [Fact]
    public void Defaults_stay_on_loopback()
    {
        var endpoints = new EndpointOptions();
        SiloEndpoints.Apply(endpoints, new SiloHostOptions());
        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 11111), endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 30000), endpoints.GatewayListeningEndpoint);
        Assert.True(_validator.Validate(null, new SiloHostOptions()).Succeeded);
    }

    [Fact]
    public void An_any_address_listener_advertises_the_configured_address()
    {
        var host = new SiloHostOptions { ListenAddress = "0.0.0.0", AdvertisedAddress = "198.18.0.11", SiloPort = 11112, GatewayPort = 30001 };
        var endpoints = new EndpointOptions();
        SiloEndpoints.Apply(endpoints, host);
        Assert.Equal(IPAddress.Parse("198.18.0.11"), endpoints.AdvertisedIPAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 11112), endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 30001), endpoints.GatewayListeningEndpoint);
        Assert.True(_validator.Validate(null, host).Succeeded);
    }

    [Theory]
    [InlineData("0.0.0.0", null, "AdvertisedAddress")]
    [InlineData("::", null, "AdvertisedAddress")]
    [InlineData("0.0.0.0", "0.0.0.0", "any-address")]
    [InlineData("localhost", null, "not an IP address")]
    [InlineData("127.0.0.1", "silo-1", "not an IP address")]
    public void Unusable_addresses_are_refused_with_the_setting_named(string listen, string? advertised, string expected)
    {
        var result = _validator.Validate(null, new SiloHostOptions { ListenAddress = listen, AdvertisedAddress = advertised });
        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_kubernetes_the_pod_supplies_the_advertised_address()
    {
        Assert.True(_validator.Validate(null, new SiloHostOptions { ListenAddress = "0.0.0.0", Kubernetes = true }).Succeeded);
    }
}
