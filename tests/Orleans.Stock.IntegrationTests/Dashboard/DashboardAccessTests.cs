using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Dashboard;

/// <summary>
/// Who may see the operations pages: with <c>Stock:Admin:ApiKey</c> set, only holders of the key;
/// without it, only loopback clients. The client's address is set by a startup filter, as a real
/// connection from that address would.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardAccessTests(ApiFixture fixture)
{
    private const string Key = "s3cret-admin-key";
    private static readonly string[] GuardedPaths = ["/dashboard", "/dashboard/snapshot", "/dashboard/assets/dashboard.js", "/dashboard/cluster/"];

    [Fact]
    public async Task Without_a_key_loopback_clients_get_the_dashboard_and_remote_ones_a_403_problem()
    {
        await using var loopback = Host(IPAddress.Loopback);
        await using var remote = Host(IPAddress.Parse("203.0.113.7"));
        using var local = loopback.CreateClient();
        using var far = remote.CreateClient();

        foreach (var path in GuardedPaths)
        {
            await WaitForSnapshotAsync(local);
            using var allowed = await local.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            using var refused = await far.GetAsync(path);
            await StockApiClient.ReadProblemAsync(refused, HttpStatusCode.Forbidden, "forbidden");
        }

        using var stream = await far.GetAsync("/dashboard/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Forbidden, stream.StatusCode);
        // The API itself is not behind the rule.
        using var health = await far.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task With_a_key_every_dashboard_path_needs_it_from_anywhere_by_header_query_or_the_cookie_it_leaves()
    {
        await using var host = Host(IPAddress.Loopback, Key);
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        await WaitForSnapshotAsync(client, Key);

        foreach (var path in GuardedPaths)
        {
            using var missing = await client.GetAsync(path);
            await StockApiClient.ReadProblemAsync(missing, HttpStatusCode.Unauthorized, "unauthorized");
            using var wrong = await SendAsync(client, path, header: "not-the-key");
            await StockApiClient.ReadProblemAsync(wrong, HttpStatusCode.Unauthorized, "unauthorized");
            using var byHeader = await SendAsync(client, path, header: Key);
            Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        }

        using var byQuery = await client.GetAsync($"/dashboard?key={Key}");
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        var cookie = Assert.Single(byQuery.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, cookie, StringComparison.Ordinal);
        using var byCookie = await SendAsync(client, "/dashboard/snapshot", cookie: cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, byCookie.StatusCode);

        using var stream = await client.GetAsync("/dashboard/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
        using var streamByQuery = await client.GetAsync($"/dashboard/stream?key={Key}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, streamByQuery.StatusCode);
        Assert.Equal("text/event-stream", streamByQuery.Content.Headers.ContentType?.MediaType);
    }

    private WebApplicationFactory<Program> Host(IPAddress remote, string? key = null) => fixture.Factory.WithWebHostBuilder(b =>
    {
        if (key is not null)
        {
            b.UseSetting("Stock:Admin:ApiKey", key);
        }

        b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new RemoteAddress(remote)));
    });

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? header = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (header is not null)
        {
            request.Headers.Add("X-Api-Key", header);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The snapshot endpoint answers 503 until the first second has been sampled.</summary>
    private static async Task WaitForSnapshotAsync(HttpClient client, string? key = null)
    {
        for (var i = 0; i < 100; i++)
        {
            using var response = await SendAsync(client, "/dashboard/snapshot", header: key);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    private sealed class RemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, then) =>
            {
                context.Connection.RemoteIpAddress = address;
                return then(context);
            });
            next(app);
        };
    }
}
