using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Access;

/// <summary>docs/api.md, "Access": keys, scopes, revocation, rate limits and JWTs.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccessTests(ApiFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Every_endpoint_but_health_and_the_contract_answers_401_without_a_key()
    {
        var endpoints = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        using var client = Client(null);
        var checkedRoutes = 0;
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "x1",
                _ => "",
            }))));
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = JsonContent.Create(new { });
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                if (anonymous)
                {
                    // The dashboard's page and login form are open so that they can ask for the key (a 401 with a form).
                    Assert.True(
                        path.StartsWith("/dashboard", StringComparison.Ordinal) || response.StatusCode != HttpStatusCode.Unauthorized,
                        $"{method} {path} is open but answered 401");
                    continue;
                }

                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without a key");
                checkedRoutes++;
            }
        }

        // Products, reservations, carts, keys, metrics and the dashboard's data at least.
        Assert.True(checkedRoutes >= 15, $"only {checkedRoutes} routes checked");
    }

    [Fact]
    public async Task A_key_whose_scope_does_not_allow_the_operation_gets_403_and_changes_nothing()
    {
        var sku = TestEnvironment.NewSku();
        using var admin = Client(TestEnvironment.AdminKey);
        await new StockApiClient(admin).CreateProductAsync(sku, 10, "grain");
        var metricsKey = await CreateKeyAsync(admin, "scraper", "metrics");
        using var asClient = Client(TestEnvironment.ClientKey);
        using var asMetrics = Client(metricsKey);

        using var create = await asClient.PostAsJsonAsync("/api/products", new { sku = TestEnvironment.NewSku(), name = "x", initialStock = 1 });
        await StockApiClient.ReadProblemAsync(create, HttpStatusCode.Forbidden, "forbidden");
        using var restock = await asClient.PostAsJsonAsync($"/api/products/{sku}/restock", new { quantity = 5 });
        await StockApiClient.ReadProblemAsync(restock, HttpStatusCode.Forbidden, "forbidden");
        using var keys = await asClient.GetAsync("/api/keys");
        await StockApiClient.ReadProblemAsync(keys, HttpStatusCode.Forbidden, "forbidden");
        using var clientMetrics = await asClient.GetAsync("/metrics");
        await StockApiClient.ReadProblemAsync(clientMetrics, HttpStatusCode.Forbidden, "forbidden");
        using var product = await asMetrics.GetAsync($"/api/products/{sku}");
        await StockApiClient.ReadProblemAsync(product, HttpStatusCode.Forbidden, "forbidden");

        using var scrape = await asMetrics.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        using var read = await asClient.GetAsync($"/api/products/{sku}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(10, (await StockApiClient.ReadJsonAsync(read)).GetProperty("onHand").GetInt64());
    }

    [Fact]
    public async Task Keys_are_shown_once_listed_without_secrets_and_a_revoked_key_is_refused_within_five_seconds()
    {
        using var admin = Client(TestEnvironment.AdminKey);
        using var created = await admin.PostAsJsonAsync("/api/keys", new { name = "storefront", scope = "client" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await StockApiClient.ReadJsonAsync(created);
        var id = body.GetProperty("id").GetString()!;
        var secret = body.GetProperty("secret").GetString()!;
        Assert.Equal(1000, body.GetProperty("requestsPerSecond").GetInt32());

        using var list = await admin.GetAsync("/api/keys");
        var listed = (await StockApiClient.ReadJsonAsync(list)).GetProperty("items").EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.False(listed.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var user = Client(secret);
        var sku = TestEnvironment.NewSku();
        await new StockApiClient(admin).CreateProductAsync(sku, 10, "grain");
        using var before = await user.GetAsync($"/api/products/{sku}");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var revoke = await admin.DeleteAsync($"/api/keys/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        var revokedAt = DateTime.UtcNow;
        HttpStatusCode status;
        do
        {
            // Paced: a revoked key is an external change with no event to wait on, and the key's own rate limit must not answer first.
            await Task.Delay(50);
            using var after = await user.GetAsync($"/api/products/{sku}");
            status = after.StatusCode;
        }
        while (status == HttpStatusCode.OK && DateTime.UtcNow - revokedAt < TimeSpan.FromSeconds(6));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(DateTime.UtcNow - revokedAt <= TimeSpan.FromSeconds(5), "revocation took longer than 5 s");
        using var unknown = await admin.DeleteAsync("/api/keys/no-such-key");
        await StockApiClient.ReadProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Bad_key_requests_are_400_and_create_nothing()
    {
        using var admin = Client(TestEnvironment.AdminKey);
        using var scope = await admin.PostAsJsonAsync("/api/keys", new { name = "x", scope = "root" });
        await StockApiClient.ReadProblemAsync(scope, HttpStatusCode.BadRequest, "validation-failed");
        using var rate = await admin.PostAsJsonAsync("/api/keys", new { name = "x", scope = "client", requestsPerSecond = 0 });
        await StockApiClient.ReadProblemAsync(rate, HttpStatusCode.BadRequest, "validation-failed");
        using var name = await admin.PostAsJsonAsync("/api/keys", new { scope = "client" });
        await StockApiClient.ReadProblemAsync(name, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Theory]
    [InlineData("cart:0123:0")]
    [InlineData("api-retry:0123")]
    public async Task The_prefixes_of_the_services_own_idempotency_keys_are_refused_from_clients(string key)
    {
        using var admin = Client(TestEnvironment.AdminKey);
        var sku = TestEnvironment.NewSku();
        await new StockApiClient(admin).CreateProductAsync(sku, 10, "grain");
        using var client = Client(TestEnvironment.ClientKey);

        using var reserve = new HttpRequestMessage(HttpMethod.Post, $"/api/products/{sku}/reservations")
        {
            Content = JsonContent.Create(new { quantity = 1, userId = "u" }),
        };
        reserve.Headers.Add("Idempotency-Key", key);
        using var refused = await client.SendAsync(reserve);
        var problem = await StockApiClient.ReadProblemAsync(refused, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));

        using var cart = new HttpRequestMessage(HttpMethod.Post, "/api/reservations")
        {
            Content = JsonContent.Create(new { userId = "u", lines = new[] { new { sku, quantity = 1 } } }),
        };
        cart.Headers.Add("Idempotency-Key", key);
        using var refusedCart = await client.SendAsync(cart);
        await StockApiClient.ReadProblemAsync(refusedCart, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(0, (await new StockApiClient(admin).GetProductAsync(sku)).GetProperty("reserved").GetInt64());
    }

    [Fact]
    public async Task Over_its_rate_a_key_gets_429_with_retry_after_and_other_keys_are_not_slowed()
    {
        using var admin = Client(TestEnvironment.AdminKey);
        var sku = TestEnvironment.NewSku();
        await new StockApiClient(admin).CreateProductAsync(sku, 10, "sql");
        var slow = await CreateKeyAsync(admin, "slow", "client", requestsPerSecond: 3);
        using var limited = Client(slow);

        // Sent at once, so they fall in one or at most two of the bucket's one-second refills.
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => limited.GetAsync($"/api/products/{sku}")));
        try
        {
            var served = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
            Assert.InRange(served, 3, 6);
            Assert.Equal(12 - served, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
            var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
            Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
            await StockApiClient.ReadProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // The bucket is the key's: the client key of the tests is not touched.
        using var other = Client(TestEnvironment.ClientKey);
        using var fine = await other.GetAsync($"/api/products/{sku}");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task A_jwt_signed_with_the_configured_key_is_accepted_with_its_scope_and_a_forged_one_is_refused()
    {
        var signingKey = RandomNumberGenerator.GetBytes(32);
        await using var host = fixture.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Stock:Auth:Jwt:SigningKey", Convert.ToBase64String(signingKey));
            b.UseSetting("Stock:Auth:Jwt:Issuer", "https://idp.shop.test");
            b.UseSetting("Stock:Auth:Jwt:Audience", "orleans-stock");
        });
        var sku = TestEnvironment.NewSku();
        using var admin = host.CreateClient();
        await new StockApiClient(admin).CreateProductAsync(sku, 10, "grain");

        using var withToken = host.CreateClient();
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(signingKey, "client", "https://idp.shop.test"));
        using var read = await withToken.GetAsync($"/api/products/{sku}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var create = await withToken.PostAsJsonAsync("/api/products", new { sku = TestEnvironment.NewSku(), name = "x", initialStock = 1 });
        await StockApiClient.ReadProblemAsync(create, HttpStatusCode.Forbidden, "forbidden");

        using var forged = host.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(RandomNumberGenerator.GetBytes(32), "admin", "https://idp.shop.test"));
        using var refused = await forged.GetAsync($"/api/products/{sku}");
        await StockApiClient.ReadProblemAsync(refused, HttpStatusCode.Unauthorized, "unauthenticated");
        using var wrongIssuer = host.CreateClient();
        wrongIssuer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(signingKey, "admin", "https://elsewhere.test"));
        using var refusedIssuer = await wrongIssuer.GetAsync($"/api/products/{sku}");
        await StockApiClient.ReadProblemAsync(refusedIssuer, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    private static string Token(byte[] key, string scope, string issuer) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = "orleans-stock",
        Expires = DateTime.UtcNow.AddMinutes(5),
        Claims = new Dictionary<string, object> { ["sub"] = "idp-user-7", ["scope"] = scope },
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
    });

    private HttpClient Client(string? key)
    {
        var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string name, string scope, int? requestsPerSecond = null)
    {
        using var created = await admin.PostAsJsonAsync("/api/keys", new { name, scope, requestsPerSecond }, Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await StockApiClient.ReadJsonAsync(created)).GetProperty("secret").GetString()!;
    }
}
