using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Access;

/// <summary>
/// Over HTTP, on every engine: a reservation or cart belongs to the key that made it; another client
/// key gets 404 as if it did not exist, an admin sees it; an Idempotency-Key is the calling key's.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class KeyOwnershipTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("grain")]
    [InlineData("sql")]
    [InlineData("redis")]
    public async Task Another_client_keys_reservation_is_404_and_untouched_and_the_same_idempotency_key_is_two_reservations(string engine)
    {
        using var admin = Client(TestEnvironment.AdminKey);
        var sku = TestEnvironment.NewSku();
        await new StockApiClient(admin).CreateProductAsync(sku, 10, engine);
        var other = await CreateClientKeyAsync(admin);
        using var owner = Client(TestEnvironment.ClientKey);
        using var stranger = Client(other);

        var mine = await ReserveAsync(owner, sku, "order-1", HttpStatusCode.Created);
        var id = mine.GetProperty("reservationId").GetString()!;
        foreach (var (method, path) in new[] { (HttpMethod.Get, ""), (HttpMethod.Post, "/confirm"), (HttpMethod.Post, "/cancel") })
        {
            using var refused = await stranger.SendAsync(new HttpRequestMessage(method, $"/api/products/{sku}/reservations/{id}{path}"));
            await StockApiClient.ReadProblemAsync(refused, HttpStatusCode.NotFound, "reservation-not-found");
        }

        using var asAdmin = await admin.GetAsync($"/api/products/{sku}/reservations/{id}");
        Assert.Equal("pending", (await StockApiClient.ReadJsonAsync(asAdmin)).GetProperty("status").GetString());

        // The same key from another key is another request; from the owner again, the same reservation.
        var theirs = await ReserveAsync(stranger, sku, "order-1", HttpStatusCode.Created);
        Assert.NotEqual(id, theirs.GetProperty("reservationId").GetString());
        var replay = await ReserveAsync(owner, sku, "order-1", HttpStatusCode.OK);
        Assert.Equal(id, replay.GetProperty("reservationId").GetString());
        var product = await new StockApiClient(admin).GetProductAsync(sku);
        Assert.Equal(2, product.GetProperty("reserved").GetInt64());

        using var confirm = await owner.PostAsync($"/api/products/{sku}/reservations/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
    }

    [Fact]
    public async Task Another_client_keys_cart_is_404_and_its_owner_and_an_admin_can_act_on_it()
    {
        using var admin = Client(TestEnvironment.AdminKey);
        var a = TestEnvironment.NewSku();
        var b = TestEnvironment.NewSku();
        await new StockApiClient(admin).CreateProductAsync(a, 5, "grain");
        await new StockApiClient(admin).CreateProductAsync(b, 5, "sql");
        using var owner = Client(TestEnvironment.ClientKey);
        using var stranger = Client(await CreateClientKeyAsync(admin));

        using var created = await owner.PostAsJsonAsync("/api/reservations", new { userId = "u-1", lines = new[] { new { sku = a, quantity = 1 }, new { sku = b, quantity = 2 } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var cartId = (await StockApiClient.ReadJsonAsync(created)).GetProperty("cartId").GetString()!;

        using var read = await stranger.GetAsync($"/api/reservations/{cartId}");
        await StockApiClient.ReadProblemAsync(read, HttpStatusCode.NotFound, "reservation-not-found");
        using var cancel = await stranger.PostAsync($"/api/reservations/{cartId}/cancel", null);
        await StockApiClient.ReadProblemAsync(cancel, HttpStatusCode.NotFound, "reservation-not-found");
        Assert.Equal(1, (await new StockApiClient(admin).GetProductAsync(a)).GetProperty("reserved").GetInt64());

        using var ownRead = await owner.GetAsync($"/api/reservations/{cartId}");
        Assert.Equal(HttpStatusCode.OK, ownRead.StatusCode);
        using var adminCancel = await admin.PostAsync($"/api/reservations/{cartId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, adminCancel.StatusCode);
        Assert.Equal(0, (await new StockApiClient(admin).GetProductAsync(b)).GetProperty("reserved").GetInt64());
    }

    private static async Task<System.Text.Json.JsonElement> ReserveAsync(HttpClient client, string sku, string key, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/products/{sku}/reservations")
        {
            Content = JsonContent.Create(new { quantity = 1, userId = "u-1" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await StockApiClient.ReadJsonAsync(response);
    }

    private HttpClient Client(string key)
    {
        var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<string> CreateClientKeyAsync(HttpClient admin)
    {
        using var created = await admin.PostAsJsonAsync("/api/keys", new { name = "other shop", scope = "client" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await StockApiClient.ReadJsonAsync(created)).GetProperty("secret").GetString()!;
    }
}
