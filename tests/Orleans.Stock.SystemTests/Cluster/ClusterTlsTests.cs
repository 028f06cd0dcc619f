using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Tests.Infrastructure;
using Orleans.Stock.Transport;
using StackExchange.Redis;

namespace Orleans.Stock.Tests.Cluster;

/// <summary>
/// Two silos and an API as processes with mutual TLS from a generated CA: the cluster forms and serves; a
/// client without TLS, and one whose certificate another CA issued, cannot get in through a gateway.
/// </summary>
public sealed class ClusterTlsTests
{
    [Fact]
    public async Task A_tls_cluster_serves_members_and_refuses_plain_and_foreign_clients()
    {
        using var certificates = TestCertificates.Create("cluster");
        using var foreign = TestCertificates.Create("foreign");
        await using var cluster = await LoopbackCluster.StartAsync(silos: 2, apis: 1, TimeSpan.FromSeconds(90), tls: certificates);

        // Through the API (a TLS client) to grains on either silo (silo to silo is TLS too).
        var api = new StockApiClient(cluster.Apis[0]);
        for (var i = 0; i < 6; i++)
        {
            var sku = TestEnvironment.NewSku("TLS");
            await api.CreateProductAsync(sku, 5, "grain");
            await api.ReserveOkAsync(sku, 2);
            Assert.Equal(3, (await api.GetProductAsync(sku)).GetProperty("available").GetInt64());
        }

        var hosts = new HashSet<SiloAddress>();
        for (var i = 0; i < 20 && hosts.Count < 2; i++)
        {
            var grain = cluster.Observer.GetGrain<IStockGrain>(TestEnvironment.NewSku("TLSP"));
            await grain.GetAsync();
            if (await cluster.Observer.GetGrain<IManagementGrain>(0).GetActivationAddress(grain) is { } address)
            {
                hosts.Add(address);
            }
        }

        Assert.Equal(2, hosts.Count);

        // The same client code gets in with a member's certificate, so the refusals below are the TLS's doing.
        await ConnectAsync(cluster, certificates.Options);
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(cluster, tls: null));
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(cluster, foreign.Options));
    }

    /// <summary>An Orleans client of the cluster's membership, which must reach a gateway and make one call.</summary>
    private static async Task ConnectAsync(LoopbackCluster cluster, ClusterTlsOptions? tls)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(TestEnvironment.Redis!));
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (tls is not null)
            {
                client.UseClusterTls(tls);
            }
        });
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await host.StartAsync(timeout.Token);
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IStockGrain>(TestEnvironment.NewSku("TLSX")).GetAsync().WaitAsync(timeout.Token);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
