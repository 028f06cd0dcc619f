using System.Net;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Playwright;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Dashboard;

/// <summary>
/// A cluster, one API on a real loopback socket (a browser needs one) with a live settings file,
/// and Debian's Chromium driven by Playwright. Its own API host: OpenTelemetry listens to meters by
/// name process-wide, so the /metrics comparisons need the only live host in the process.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Chromium's flags for this machine: no sandbox as root, and no calls home on a closed network.</summary>
    public static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly ClusterFixture _cluster = new();
    private DashboardApiFactory? _factory;
    private IPlaywright? _playwright;

    /// <summary>Starts with the guide's defaults, a short conflict window so an alert clears quickly, and a low traffic floor for alerts.</summary>
    public SettingsFile Settings { get; } = new(new { Sql = new { ConflictWarningThreshold = 0.15 } });

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public FakeLogCollector Logs => _factory!.Services.GetFakeLogCollector();

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _factory = new DashboardApiFactory(_cluster.Cluster, new Dictionary<string, string?>
        {
            ["Stock:SettingsFile"] = Settings.Path,
            ["Stock:Sql:ConflictWindow"] = "00:00:05",
            ["Stock:Dashboard:AlertMinimumRequests"] = "5",
        });
        var port = PortFinder.Take(1, 15_700)[0];
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _factory.StartServer();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Client = new HttpClient { BaseAddress = BaseAddress };
        Client.DefaultRequestHeaders.Authorization = new("Bearer", TestEnvironment.AdminKey);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _cluster.DisposeAsync();
        Settings.Dispose();
    }
}
