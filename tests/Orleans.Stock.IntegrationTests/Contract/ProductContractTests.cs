using System.Net;
using System.Net.Http.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

[Collection(ApiCollection.Name)]
public sealed class ProductContractTests(ApiFixture fixture)
{
    private readonly StockApiClient _api = new(fixture.Client);

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Create_answers_201_with_location_and_the_product_body(string engine)
    {
        var sku = TestEnvironment.NewSku();
        using var response = await fixture.Client.PostAsJsonAsync("/api/products", new { sku, name = "Blue mug", initialStock = 100, engine = EngineCases.EngineOf(engine) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/products/{sku}", response.Headers.Location?.ToString());
        var body = await StockApiClient.ReadJsonAsync(response);
        Assert.Equal(sku, body.GetProperty("sku").GetString());
        Assert.Equal("Blue mug", body.GetProperty("name").GetString());
        Assert.Equal(EngineCases.EngineOf(engine), body.GetProperty("engine").GetString());
        Assert.Equal(100, body.GetProperty("onHand").GetInt64());
        Assert.Equal(100, body.GetProperty("available").GetInt64());
        Assert.Equal(0, body.GetProperty("reserved").GetInt64());
        Assert.Equal(0, body.GetProperty("sold").GetInt64());
        Assert.True(body.GetProperty("version").GetInt64() > 0);
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Create_of_an_existing_sku_is_409_product_exists_and_keeps_the_first(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 5, engine);

        using var again = await fixture.Client.PostAsJsonAsync("/api/products", new { sku, name = "Other", initialStock = 50, engine = EngineCases.EngineOf(engine) });

        await StockApiClient.ReadProblemAsync(again, HttpStatusCode.Conflict, "product-exists");
        var product = await _api.GetProductAsync(sku);
        Assert.Equal(5, product.GetProperty("onHand").GetInt64());
        Assert.Equal("Test product", product.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Unknown_sku_is_404_product_not_found_on_every_product_route()
    {
        var sku = TestEnvironment.NewSku("missing");
        using var get = await fixture.Client.GetAsync($"/api/products/{sku}");
        await StockApiClient.ReadProblemAsync(get, HttpStatusCode.NotFound, "product-not-found");

        using var restock = await fixture.Client.PostAsJsonAsync($"/api/products/{sku}/restock", new { quantity = 1 });
        await StockApiClient.ReadProblemAsync(restock, HttpStatusCode.NotFound, "product-not-found");

        using var reserve = await _api.ReserveAsync(sku, 1);
        await StockApiClient.ReadProblemAsync(reserve, HttpStatusCode.NotFound, "product-not-found");

        using var confirm = await _api.PostAsync($"/api/products/{sku}/reservations/abc/confirm", null);
        await StockApiClient.ReadProblemAsync(confirm, HttpStatusCode.NotFound, "product-not-found");
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Restock_adds_units_and_moves_the_version(string engine)
    {
        var sku = TestEnvironment.NewSku();
        var created = await _api.CreateProductAsync(sku, 10, engine);
        await _api.ReserveOkAsync(sku, 4);

        using var response = await fixture.Client.PostAsJsonAsync($"/api/products/{sku}/restock", new { quantity = 50 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var product = await StockApiClient.ReadJsonAsync(response);
        StockApiClient.AssertInvariants(product);
        Assert.Equal(60, product.GetProperty("onHand").GetInt64());
        Assert.Equal(56, product.GetProperty("available").GetInt64());
        Assert.Equal(4, product.GetProperty("reserved").GetInt64());
        Assert.True(product.GetProperty("version").GetInt64() > created.GetProperty("version").GetInt64());
    }
}
