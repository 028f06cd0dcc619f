using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Dashboard;

/// <summary>
/// Who may see the operations pages: the admin key only, from anywhere, by the Authorization header
/// or the HttpOnly cookie its login form leaves; never by a key in the URL.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardAccessTests(ApiFixture fixture)
{
    private static readonly string[] DataPaths = ["/dashboard/snapshot", "/dashboard/assets/dashboard.js", "/dashboard/cluster/"];

    [Fact]
    public async Task The_data_needs_the_admin_key_a_client_key_is_forbidden_and_a_key_in_the_url_counts_for_nothing()
    {
        using var client = Bare();
        await WaitForSnapshotAsync(client);

        foreach (var path in DataPaths)
        {
            using var missing = await client.GetAsync(path);
            await StockApiClient.ReadProblemAsync(missing, HttpStatusCode.Unauthorized, "unauthenticated");
            Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.ToString());
            using var byQuery = await client.GetAsync($"{path}?key={TestEnvironment.AdminKey}");
            await StockApiClient.ReadProblemAsync(byQuery, HttpStatusCode.Unauthorized, "unauthenticated");
            using var asClient = await SendAsync(client, path, bearer: TestEnvironment.ClientKey);
            await StockApiClient.ReadProblemAsync(asClient, HttpStatusCode.Forbidden, "forbidden");
            using var asAdmin = await SendAsync(client, path, bearer: TestEnvironment.AdminKey);
            Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        }

        using var stream = await client.GetAsync("/dashboard/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
        using var adminStream = await SendAsync(client, "/dashboard/stream", bearer: TestEnvironment.AdminKey, headersOnly: true);
        Assert.Equal(HttpStatusCode.OK, adminStream.StatusCode);
        Assert.Equal("text/event-stream", adminStream.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_a_key_the_page_is_a_401_form_whose_login_leaves_an_httponly_cookie_that_opens_the_dashboard_only()
    {
        using var client = Bare();
        await WaitForSnapshotAsync(client);

        using var page = await client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("name=\"key\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var login = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = TestEnvironment.AdminKey }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var pair = cookie.Split(';')[0];

        using var pageWithCookie = await SendAsync(client, "/dashboard", cookie: pair);
        Assert.Equal(HttpStatusCode.OK, pageWithCookie.StatusCode);
        using var snapshot = await SendAsync(client, "/dashboard/snapshot", cookie: pair);
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        // The cookie is the dashboard's: the API does not take it as a key.
        using var api = await SendAsync(client, $"/api/products/{TestEnvironment.NewSku()}", cookie: pair);
        await StockApiClient.ReadProblemAsync(api, HttpStatusCode.Unauthorized, "unauthenticated");

        using var clientLogin = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = TestEnvironment.ClientKey }));
        var clientPair = Assert.Single(clientLogin.Headers.GetValues("Set-Cookie")).Split(';')[0];
        using var clientPage = await SendAsync(client, "/dashboard", cookie: clientPair);
        Assert.Equal(HttpStatusCode.Unauthorized, clientPage.StatusCode);
        Assert.Contains("not an admin key", await clientPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A client with no key and no cookie jar of its own.</summary>
    private HttpClient Bare()
    {
        var client = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? bearer = null, string? cookie = null, bool headersOnly = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await client.SendAsync(request, headersOnly ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);
    }

    /// <summary>The snapshot endpoint answers 503 until the first second has been sampled.</summary>
    private static async Task WaitForSnapshotAsync(HttpClient client)
    {
        for (var i = 0; i < 100; i++)
        {
            using var response = await SendAsync(client, "/dashboard/snapshot", bearer: TestEnvironment.AdminKey);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return;
            }

            await Task.Delay(100);
        }
    }
}
