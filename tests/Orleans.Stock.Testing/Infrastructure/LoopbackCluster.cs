using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Stock.Transport;
using StackExchange.Redis;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// Silos and APIs as real processes on loopback, on Redis membership, started from the built dlls
/// with the environment scripts/run.sh gives them. A cluster id and service id of its own keep it
/// apart from anything else on the same Redis and PostgreSQL. The test process also holds an
/// Orleans client (the observer) to ask the cluster which silos are active and where grains live.
/// </summary>
public sealed class LoopbackCluster : IAsyncDisposable
{
    private const int SiloPortBase = 11400;
    private const int GatewayPortBase = 30400;
    private const int ApiPortBase = 15400;
    private const int HealthPortBase = 16400;

    private readonly ChildProcess?[] _silos;
    private readonly List<ChildProcess> _apis = [];
    private readonly List<HttpClient> _http = [];
    private IHost? _observerHost;
    private ConnectionMultiplexer? _redis;

    private readonly Cluster.TestCertificates? _tls;

    private LoopbackCluster(int silos, string listenAddress, Cluster.TestCertificates? tls)
    {
        _tls = tls;
        _silos = new ChildProcess?[silos];
        SiloPorts = PortFinder.Take(silos, SiloPortBase);
        GatewayPorts = PortFinder.Take(silos, GatewayPortBase);
        HealthPorts = PortFinder.Take(silos, HealthPortBase);
        ListenAddress = listenAddress;
    }

    /// <summary>The address every silo listens on and advertises (a loopback address).</summary>
    public string ListenAddress { get; }

    /// <summary>Each silo's <c>/health/live</c> and <c>/health/ready</c>, on <see cref="ListenAddress"/>.</summary>
    public int[] HealthPorts { get; }

    public string ClusterId { get; } = $"e2e-{Guid.NewGuid():N}";

    public string ServiceId { get; } = $"e2e-{Guid.NewGuid():N}";

    public int[] SiloPorts { get; }

    public int[] GatewayPorts { get; }

    public IReadOnlyList<HttpClient> Apis => _http;

    public IClusterClient Observer => _observerHost?.Services.GetRequiredService<IClusterClient>()
        ?? throw new InvalidOperationException("The observer client is not started.");

    public ChildProcess? Silo(int index) => _silos[index];

    public ChildProcess Api(int index) => _apis[index];

    /// <param name="listenAddress">Where the silos listen and what they advertise: another loopback address than
    /// 127.0.0.1 shows that peers and clients dial what the configuration says, not a built-in loopback.</param>
    /// <param name="tls">Mutual TLS with these certificates on every silo, API and the observer.</param>
    public static async Task<LoopbackCluster> StartAsync(int silos, int apis, TimeSpan timeout, string listenAddress = "127.0.0.1", Cluster.TestCertificates? tls = null)
    {
        var cluster = new LoopbackCluster(silos, listenAddress, tls);
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            cluster._redis = await ConnectionMultiplexer.ConnectAsync(Redis);
            for (var i = 0; i < silos; i++)
            {
                cluster.StartSilo(i);
            }

            await Task.WhenAll(cluster.GatewayPorts.Select((port, i) => cluster.WaitForPortAsync(i, port, deadline.Token)));
            await cluster.WaitForActiveSilosAsync(silos, deadline.Token);
            await cluster.StartObserverAsync(deadline.Token);
            await cluster.StartApisAsync(apis, deadline.Token);
            return cluster;
        }
        catch (Exception ex)
        {
            var logs = cluster.Logs();
            await cluster.DisposeAsync();
            throw new InvalidOperationException($"The loopback cluster did not start.\n{logs}", ex);
        }
    }

    /// <summary>Starts silo <paramref name="index"/> (again, after a kill or stop) on its own ports.</summary>
    public void StartSilo(int index)
    {
        if (_silos[index] is { HasExited: false })
        {
            throw new InvalidOperationException($"Silo {index} is running.");
        }

        _silos[index] = ChildProcess.Start($"silo-{index}", BuildOutputs.SiloDirectory, "Orleans.Stock.Silo.dll", WithTls("Silo__Tls", new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Stock"] = PostgresWithPool(16),
            ["ConnectionStrings__Redis"] = Redis,
            ["Silo__SiloPort"] = SiloPorts[index].ToString(CultureInfo.InvariantCulture),
            ["Silo__GatewayPort"] = GatewayPorts[index].ToString(CultureInfo.InvariantCulture),
            ["Silo__ListenAddress"] = ListenAddress,
            ["Silo__HealthAddress"] = ListenAddress,
            ["Silo__HealthPort"] = HealthPorts[index].ToString(CultureInfo.InvariantCulture),
            ["Silo__ClusterId"] = ClusterId,
            ["Silo__ServiceId"] = ServiceId,
        }));
    }

    private Dictionary<string, string> WithTls(string section, Dictionary<string, string> environment)
    {
        foreach (var (key, value) in _tls?.Environment(section) ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>
    /// Waits until the membership table in Redis lists exactly <paramref name="count"/> active silos.
    /// Read straight from Redis: asking through a gateway would hang on a frozen or dying silo.
    /// </summary>
    public async Task WaitForActiveSilosAsync(int count, CancellationToken cancellationToken)
    {
        while ((await ActiveSilosAsync()).Count != count)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Indexes of the silos the membership table lists as active.</summary>
    public async Task<IReadOnlyList<int>> ActiveSilosAsync()
    {
        var entries = await _redis!.GetDatabase().HashGetAllAsync($"{ServiceId}/members/{ClusterId}");
        var active = new List<int>();
        foreach (var entry in entries.Where(e => e.Name != "Version"))
        {
            using var json = JsonDocument.Parse(entry.Value.ToString());
            var address = json.RootElement.GetProperty("SiloAddress").GetProperty("SiloAddress").GetString()!;
            var port = int.Parse(address[(address.IndexOf(':', StringComparison.Ordinal) + 1)..address.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            if (json.RootElement.GetProperty("Status").GetInt32() == (int)SiloStatus.Active && Array.IndexOf(SiloPorts, port) is >= 0 and var index)
            {
                active.Add(index);
            }
        }

        return active;
    }

    /// <summary>Index of the silo that hosts <paramref name="grain"/>'s activation, if any.</summary>
    public async Task<int?> HostOfAsync(IAddressable grain)
    {
        var address = await Observer.GetGrain<IManagementGrain>(0).GetActivationAddress(grain).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var index = address is null ? -1 : Array.IndexOf(SiloPorts, address.Endpoint.Port);
        return index < 0 ? null : index;
    }

    /// <summary>kill -9 of every process of the cluster, silos and APIs, at once: nothing gets to finish or flush.</summary>
    public void KillEverything()
    {
        foreach (var process in _apis.Concat(_silos.OfType<ChildProcess>()).Where(p => !p.HasExited))
        {
            process.KillHard();
        }
    }

    /// <summary>The recent output of every process, for a failure message.</summary>
    public string Logs() => string.Join('\n', _silos.OfType<ChildProcess>().Concat(_apis).Select(p => p.Tail()));

    public async ValueTask DisposeAsync()
    {
        foreach (var http in _http)
        {
            http.Dispose();
        }

        // APIs first, so none of them is left retrying against silos that are going away.
        foreach (var process in _apis.Concat(_silos.OfType<ChildProcess>()))
        {
            await process.DisposeAsync();
        }

        if (_observerHost is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _observerHost.StopAsync(stop.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
            _observerHost.Dispose();
        }

        if (_redis is not null)
        {
            // The cluster's membership table goes with it.
            await _redis.GetDatabase().KeyDeleteAsync($"{ServiceId}/members/{ClusterId}");
            await _redis.DisposeAsync();
        }

        // So do the expiry reminders its grains left: no silo of this service id will ever serve them.
        await using var dataSource = NpgsqlDataSource.Create(TestEnvironment.Postgres);
        await using var reminders = dataSource.CreateCommand("delete from orleansreminderstable where serviceid = $1");
        reminders.Parameters.Add(new() { Value = ServiceId });
        await reminders.ExecuteNonQueryAsync();
    }

    private static string Redis => TestEnvironment.Redis
        ?? throw new InvalidOperationException("STOCK_TEST_REDIS is not set: run the tests through scripts/test.sh.");

    /// <summary>The test database with a small pool per process, so five processes fit its connection limit.</summary>
    private static string PostgresWithPool(int size) =>
        new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { MaxPoolSize = size }.ConnectionString;

    private async Task StartObserverAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(Redis));
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = ServiceId;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
            if (_tls is not null)
            {
                client.UseClusterTls(_tls.Options);
            }
        });
        _observerHost = builder.Build();
        await _observerHost.StartAsync(cancellationToken);
    }

    private async Task StartApisAsync(int count, CancellationToken cancellationToken)
    {
        foreach (var port in PortFinder.Take(count, ApiPortBase))
        {
            _apis.Add(ChildProcess.Start($"api-{_apis.Count}", BuildOutputs.ApiDirectory, "Orleans.Stock.Api.dll", WithTls("Orleans__Tls", new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Stock"] = PostgresWithPool(16),
                ["ConnectionStrings__Redis"] = Redis,
                ["Orleans__ClusterId"] = ClusterId,
                ["Orleans__ServiceId"] = ServiceId,
                // Every retry in the API's output, for the tail a failing test prints.
                ["Logging__LogLevel__Orleans.Stock.Engines.Grain.GrainCallRetry"] = "Debug",
                ["Stock__Auth__Bootstrap__AdminKey"] = TestEnvironment.AdminKey,
                ["Stock__Auth__Bootstrap__ClientKey"] = TestEnvironment.ClientKey,
            }), "--urls", $"http://127.0.0.1:{port}"));
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", TestEnvironment.AdminKey);
            _http.Add(http);
        }

        foreach (var (http, api) in _http.Zip(_apis))
        {
            while (true)
            {
                if (api.HasExited)
                {
                    throw new InvalidOperationException($"{api.Name} exited with code {api.ExitCode}.");
                }

                try
                {
                    using var ready = await http.GetAsync("/health/ready", cancellationToken);
                    if (ready.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private async Task WaitForPortAsync(int silo, int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_silos[silo] is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"{exited.Name} exited with code {exited.ExitCode}.");
            }

            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(System.Net.IPAddress.Parse(ListenAddress), port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }
}
