using Orleans.TestingHost;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>Builds a two-silo TestCluster on the real ADO.NET storage.</summary>
public static class StockCluster
{
    /// <param name="configure">More for the builder: configurators that build on the stock one, properties the silos read.</param>
    public static async Task<TestCluster> StartAsync(string? serviceId = null, short silos = 2, Action<TestClusterBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.AddSiloBuilderConfigurator<StockSiloConfigurator>();
        configure?.Invoke(builder);
        // Real sockets, so the API's own Orleans client reaches the silos through their gateways.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
