using System.Net;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;
using StackExchange.Redis;

namespace Orleans.Stock.Tests.Cluster;

/// <summary>
/// A silo listens and advertises where <c>Silo:ListenAddress</c> says (here 127.0.0.2, so that a built-in
/// loopback would show), the API reaches it through the membership table, and its health endpoint answers
/// for the probes; an any-address without an advertised one is refused at start.
/// </summary>
public sealed class SiloAddressTests
{
    private const string Address = "127.0.0.2";

    [Fact]
    public async Task A_silo_on_a_configured_address_is_advertised_there_serves_the_api_and_answers_its_probes()
    {
        await using var cluster = await LoopbackCluster.StartAsync(silos: 1, apis: 1, TimeSpan.FromSeconds(90), listenAddress: Address);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis!);
        var members = await redis.GetDatabase().HashGetAllAsync($"{cluster.ServiceId}/members/{cluster.ClusterId}");
        var advertised = members.Where(e => e.Name != "Version")
            .Select(e => JsonDocument.Parse(e.Value.ToString()).RootElement.GetProperty("SiloAddress").GetProperty("SiloAddress").GetString()!)
            .ToList();
        Assert.Equal([$"{Address}:{cluster.SiloPorts[0]}"], advertised.Select(a => a[..a.IndexOf('@', StringComparison.Ordinal)]));

        var api = new StockApiClient(cluster.Apis[0]);
        var sku = TestEnvironment.NewSku("ADDR");
        await api.CreateProductAsync(sku, 5, "grain");
        await api.ReserveOkAsync(sku, 2);
        Assert.Equal(3, (await api.GetProductAsync(sku)).GetProperty("available").GetInt64());

        using var probe = new HttpClient { BaseAddress = new Uri($"http://{Address}:{cluster.HealthPorts[0]}"), Timeout = TimeSpan.FromSeconds(10) };
        using var live = await probe.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await probe.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());

        // Nothing listens on 127.0.0.1 for this silo: the address is the configured one only.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, cluster.SiloPorts[0]));
    }

    [Fact]
    public async Task Listening_on_any_address_without_an_advertised_one_fails_start_with_the_reason()
    {
        await using var silo = ChildProcess.Start("silo-any", BuildOutputs.SiloDirectory, "Orleans.Stock.Silo.dll", new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Stock"] = TestEnvironment.Postgres,
            ["ConnectionStrings__Redis"] = TestEnvironment.Redis!,
            ["Silo__ListenAddress"] = "0.0.0.0",
            ["Silo__ClusterId"] = $"any-{Guid.NewGuid():N}",
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await silo.WaitForExitAsync(timeout.Token);
        Assert.NotEqual(0, silo.ExitCode);
        Assert.Contains("Silo:AdvertisedAddress", silo.Tail(80), StringComparison.Ordinal);
    }
}
