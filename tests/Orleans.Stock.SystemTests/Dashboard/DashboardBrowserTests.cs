using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orleans.Stock.Tests.Infrastructure;
using Orleans.Stock.Tests.SqlEngine;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Stock.Tests.Dashboard;

/// <summary>The dashboard in a real browser (Debian's Chromium through Playwright).</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly List<string> _browserErrors = [];
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 1300 },
            // As a proxy in front of the dashboard would send it; no key in any URL.
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {TestEnvironment.AdminKey}" },
        });
        _context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        // Expectations wait for the page's next snapshots (one a second), a settings reload and a sliding window.
        SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        _page = await _context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _browserErrors.Add($"console: {message.Text}");
            }
        };
        _page.PageError += (_, error) => _browserErrors.Add($"page error: {error}");
        _page.RequestFailed += (_, request) =>
        {
            // The event stream is cut when the page closes; anything else failing is a bug.
            if (!request.Url.Contains("/dashboard/stream", StringComparison.Ordinal))
            {
                _browserErrors.Add($"request failed: {request.Url} {request.Failure}");
            }
        };
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Without_a_key_the_page_asks_for_one_and_the_admin_key_typed_into_it_opens_the_dashboard()
    {
        // A browser of its own: no Authorization header, as a person opening the page would be.
        await using var bare = await fixture.Browser.NewContextAsync();
        var page = await bare.NewPageAsync();

        var first = await page.GotoAsync(new Uri(fixture.BaseAddress, "/dashboard").ToString());
        Assert.Equal(401, first!.Status);
        await page.Locator("input[name=key]").FillAsync(TestEnvironment.ClientKey);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.GetByText("That key is not an admin key.")).ToBeVisibleAsync(new() { Timeout = (float)Patience.TotalMilliseconds });

        await page.Locator("input[name=key]").FillAsync(TestEnvironment.AdminKey);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = (float)Patience.TotalMilliseconds });
        Assert.DoesNotContain("key", new Uri(page.Url).Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_page_loads_goes_live_and_logs_no_console_errors()
    {
        var response = await _page.GotoAsync(new Uri(fixture.BaseAddress, "/dashboard").ToString());

        Assert.Equal(200, response!.Status);
        await Expect(_page.GetByTestId("status")).ToHaveAttributeAsync("data-state", "live");
        await Expect(_page.Locator("[data-alert]")).ToHaveCountAsync(5);
        await Expect(_page.Locator("#settings tr[data-setting='default-strategy'] td").Nth(1)).ToHaveTextAsync("pessimistic");
        await Expect(_page.Locator("#pool-max")).ToHaveTextAsync(new Regex("^[1-9]"));
        await Expect(_page.Locator("#chart-rate canvas")).ToHaveCountAsync(1);
        await Expect(_page.Locator("#cluster-link")).ToHaveAttributeAsync("href", "/dashboard/cluster/");
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task Under_load_the_numbers_move_and_agree_with_metrics()
    {
        var api = new StockApiClient(fixture.Client);
        var grainSku = TestEnvironment.NewSku("DG");
        var sqlSku = TestEnvironment.NewSku("DS");
        await api.CreateProductAsync(grainSku, 1_000_000, "grain");
        await api.CreateProductAsync(sqlSku, 1_000_000, "sql");
        await _page.GotoAsync(new Uri(fixture.BaseAddress, "/dashboard").ToString());
        await Expect(_page.GetByTestId("status")).ToHaveAttributeAsync("data-state", "live");

        var load = new DashboardLoad(fixture.Client, [grainSku, grainSku, grainSku, sqlSku], workers: 4);
        var running = load.RunAsync(TimeSpan.FromSeconds(8), maxRequests: 50_000);

        // While it runs: rates, the silos' group commits and the busiest SKUs show up.
        await Expect(_page.Locator("tr[data-series='grain/grain'] td").Nth(2)).ToHaveTextAsync(new Regex("^[1-9]"));
        await Expect(_page.Locator("#grain-writes")).ToHaveTextAsync(new Regex("^[1-9]"));
        await Expect(_page.Locator("#grain-batch")).ToHaveTextAsync(new Regex("^[1-9]"));
        await Expect(_page.Locator("#skus tbody")).ToContainTextAsync(grainSku);
        await Expect(_page.Locator("#skus tbody")).ToContainTextAsync(sqlSku);
        var screenshot = Path.Combine(TestArtifacts.Folder, "dashboard-under-load.png");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        await running;

        Assert.True(load.Created > 20, $"the load must get reservations through (got {load.Created})");
        var metrics = await fixture.Client.GetStringAsync("/metrics");
        var grainTotal = PrometheusText.Sum(metrics, "stock_reservations_total", ("engine", "grain"), ("strategy", "grain"));
        var sqlTotal = PrometheusText.Sum(metrics, "stock_reservations_total", ("engine", "sql"), ("strategy", "pessimistic"));
        Assert.True(grainTotal >= load.Created * 0.5, "the load's grain reservations are on /metrics");
        await Expect(_page.Locator("tr[data-series='grain/grain']")).ToHaveAttributeAsync("data-total", grainTotal.ToString(CultureInfo.InvariantCulture));
        await Expect(_page.Locator("tr[data-series='sql/pessimistic']")).ToHaveAttributeAsync("data-total", sqlTotal.ToString(CultureInfo.InvariantCulture));

        // The busiest-SKU row shows the product's counters as the engine reports them.
        var reserved = (await api.GetProductAsync(grainSku)).GetProperty("reserved").GetInt64();
        var row = _page.Locator("#skus tbody tr", new PageLocatorOptions { HasText = grainSku });
        await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync(reserved.ToString("N0", CultureInfo.GetCultureInfo("en-US")));

        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.True(png.Length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot of the page under load");
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task A_conflict_threshold_forced_low_raises_the_alert_which_clears_when_restored()
    {
        var logsBefore = fixture.Logs.GetSnapshot().Count;
        fixture.Settings.Write(new { Sql = new { ConflictWarningThreshold = 0.0 } });
        await _page.GotoAsync(new Uri(fixture.BaseAddress, "/dashboard").ToString());
        var alert = _page.Locator("[data-alert='conflict-rate']");
        await Expect(_page.Locator("#sql-threshold")).ToHaveTextAsync("0.0 %");
        await Expect(alert).ToHaveAttributeAsync("data-active", "false");

        try
        {
            var api = new StockApiClient(fixture.Client);
            var sku = TestEnvironment.NewSku("DC");
            await api.CreateProductAsync(sku, 1_000, "sql:optimistic");
            await ConcurrentReservations.ReserveAsync(api, sku);

            await Expect(alert).ToHaveAttributeAsync("data-active", "true");
            await Expect(alert).ToContainTextAsync("ALERT conflict-rate");
            var metrics = await fixture.Client.GetStringAsync("/metrics");
            Assert.Equal(1, PrometheusText.Sum(metrics, "stock_dashboard_alert_active", ("alert", "conflict-rate")));
        }
        finally
        {
            fixture.Settings.Write(new { Sql = new { ConflictWarningThreshold = 0.15 } });
        }

        await Expect(alert).ToHaveAttributeAsync("data-active", "false");
        await Expect(_page.Locator("#sql-threshold")).ToHaveTextAsync("15.0 %");
        var alertLogs = fixture.Logs.GetSnapshot().Skip(logsBefore)
            .Where(r => r.Category?.EndsWith("AlertBoard", StringComparison.Ordinal) == true && r.Message.Contains("conflict-rate", StringComparison.Ordinal))
            .Select(r => r.Message)
            .ToList();
        Assert.Single(alertLogs, m => m.Contains("started", StringComparison.Ordinal));
        Assert.Single(alertLogs, m => m.Contains("cleared", StringComparison.Ordinal));
        Assert.Empty(_browserErrors);
    }
}
