using System.Net;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

/// <summary>Every kind of bad input is a 400 <c>validation-failed</c> naming the field, and changes nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFixture fixture)
{
    private readonly StockApiClient _api = new(fixture.Client);

    public static TheoryData<string, string, string?> CreateBodies => new()
    {
        { "malformed JSON", "{\"sku\": \"A\", ", "$" },
        { "not an object", "[1,2,3]", null },
        { "empty body", "", null },
        { "missing sku", """{"name":"n","initialStock":1}""", "sku" },
        { "sku with a space", """{"sku":"A B","name":"n","initialStock":1}""", "sku" },
        { "sku with a slash", """{"sku":"A/B","name":"n","initialStock":1}""", "sku" },
        { "sku of 65 chars", $$"""{"sku":"{{new string('a', 65)}}","name":"n","initialStock":1}""", "sku" },
        { "sku not a string", """{"sku":12,"name":"n","initialStock":1}""", "sku" },
        { "missing name", """{"sku":"SKU-X","initialStock":1}""", "name" },
        { "blank name", """{"sku":"SKU-X","name":"  ","initialStock":1}""", "name" },
        { "name of 201 chars", $$"""{"sku":"SKU-X","name":"{{new string('n', 201)}}","initialStock":1}""", "name" },
        { "missing initialStock", """{"sku":"SKU-X","name":"n"}""", "initialStock" },
        { "negative initialStock", """{"sku":"SKU-X","name":"n","initialStock":-1}""", "initialStock" },
        { "initialStock over a billion", """{"sku":"SKU-X","name":"n","initialStock":1000000001}""", "initialStock" },
        { "initialStock as a string", """{"sku":"SKU-X","name":"n","initialStock":"5"}""", "initialStock" },
        { "initialStock fractional", """{"sku":"SKU-X","name":"n","initialStock":1.5}""", "initialStock" },
        { "unknown engine", """{"sku":"SKU-X","name":"n","initialStock":1,"engine":"mainframe"}""", "engine" },
    };

    [Theory]
    [MemberData(nameof(CreateBodies))]
    public async Task Create_with_bad_input_is_400_and_creates_nothing(string why, string body, string? field)
    {
        Assert.NotEmpty(why);
        var sku = JsonSkuOf(body);
        using var response = await _api.PostAsync("/api/products", body);

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(), "errors must name at least one field");
        if (field is not null)
        {
            Assert.True(errors.TryGetProperty(field, out _), $"errors should name '{field}': {errors}");
        }

        if (sku is not null)
        {
            using var read = await fixture.Client.GetAsync($"/api/products/{Uri.EscapeDataString(sku)}");
            Assert.NotEqual(HttpStatusCode.OK, read.StatusCode);
        }
    }

    public static TheoryData<string, string, string?> ReserveBodies => new()
    {
        { "malformed JSON", "{\"quantity\": ", null },
        { "missing quantity", """{"userId":"u"}""", "quantity" },
        { "zero quantity", """{"quantity":0,"userId":"u"}""", "quantity" },
        { "quantity over 10000", """{"quantity":10001,"userId":"u"}""", "quantity" },
        { "quantity as a string", """{"quantity":"1","userId":"u"}""", "quantity" },
        { "quantity as a bool", """{"quantity":true,"userId":"u"}""", "quantity" },
        { "quantity overflowing int", """{"quantity":99999999999,"userId":"u"}""", "quantity" },
        { "missing userId", """{"quantity":1}""", "userId" },
        { "empty userId", """{"quantity":1,"userId":""}""", "userId" },
        { "userId of 129 chars", $$"""{"quantity":1,"userId":"{{new string('u', 129)}}"}""", "userId" },
        { "userId as a number", """{"quantity":1,"userId":5}""", "userId" },
        { "null body", "null", "$" },
        { "a field twice", """{"quantity":1,"userId":"u","quantity":2}""", "quantity" },
        { "zero ttl", """{"quantity":1,"userId":"u","ttlSeconds":0}""", "ttlSeconds" },
        { "ttl over a day", """{"quantity":1,"userId":"u","ttlSeconds":86401}""", "ttlSeconds" },
    };

    [Theory]
    [MemberData(nameof(ReserveBodies))]
    public async Task Reserve_with_bad_input_is_400_and_changes_nothing(string why, string body, string? field)
    {
        Assert.NotEmpty(why);
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, "grain");
        var before = await _api.GetProductAsync(sku);

        using var response = await _api.PostAsync($"/api/products/{sku}/reservations", body);

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        }

        var after = await _api.GetProductAsync(sku);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(10, after.GetProperty("available").GetInt64());
    }

    [Theory]
    [InlineData("""{"quantity":0}""")]
    [InlineData("""{"quantity":1000000001}""")]
    [InlineData("""{"quantity":"many"}""")]
    [InlineData("""{}""")]
    public async Task Restock_with_bad_input_is_400_and_changes_nothing(string body)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, "grain");

        using var response = await _api.PostAsync($"/api/products/{sku}/restock", body);

        await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        var after = await _api.GetProductAsync(sku);
        Assert.Equal(10, after.GetProperty("onHand").GetInt64());
    }

    [Theory]
    [InlineData("bad%20sku")]
    [InlineData("sk%C3%BC")]
    [InlineData("a*b")]
    public async Task Odd_skus_in_the_path_are_400(string escapedSku)
    {
        using var get = await fixture.Client.GetAsync($"/api/products/{escapedSku}");
        await StockApiClient.ReadProblemAsync(get, HttpStatusCode.BadRequest, "validation-failed");
        using var reserve = await _api.PostAsync($"/api/products/{escapedSku}/reservations", """{"quantity":1,"userId":"u"}""");
        await StockApiClient.ReadProblemAsync(reserve, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Odd_reservation_ids_and_idempotency_keys_are_400()
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, "grain");

        using var id = await fixture.Client.GetAsync($"/api/products/{sku}/reservations/{new string('x', 65)}");
        await StockApiClient.ReadProblemAsync(id, HttpStatusCode.BadRequest, "validation-failed");
        using var confirm = await _api.PostAsync($"/api/products/{sku}/reservations/a.b/confirm", null);
        await StockApiClient.ReadProblemAsync(confirm, HttpStatusCode.BadRequest, "validation-failed");
        using var key = await _api.ReserveAsync(sku, 1, idempotencyKey: new string('k', 129));
        await StockApiClient.ReadProblemAsync(key, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(10, (await _api.GetProductAsync(sku)).GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task A_grain_product_refuses_sql_strategies()
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, "grain");

        foreach (var strategy in new[] { "pessimistic", "optimistic" })
        {
            using var response = await _api.ReserveAsync(sku, 1, strategy: strategy);
            var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("X-Stock-Strategy", out _));
        }

        Assert.Equal(10, (await _api.GetProductAsync(sku)).GetProperty("available").GetInt64());
    }

    private static string? JsonSkuOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("sku", out var sku)
                && sku.ValueKind == JsonValueKind.String
                && sku.GetString()!.Trim().Length > 0 ? sku.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
