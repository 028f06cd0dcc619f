using System.Net;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Carts;

/// <summary>Every kind of bad cart input is a 400 <c>validation-failed</c> naming the field, and reserves nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class CartBadInputTests(ApiFixture fixture)
{
    private const string Sku = "{SKU}";
    private readonly CartClient _carts = new(fixture.Client);

    public static TheoryData<string, string, string> Bodies => new()
    {
        { "malformed JSON", "{\"userId\": \"u\", ", "$" },
        { "missing lines", """{"userId":"u"}""", "lines" },
        { "no lines", """{"userId":"u","lines":[]}""", "lines" },
        { "101 lines", $$"""{"userId":"u","lines":[{{string.Join(",", Enumerable.Range(0, 101).Select(i => $$"""{"sku":"S-{{i}}","quantity":1}"""))}}]}""", "lines" },
        { "a null line", $$"""{"userId":"u","lines":[{"sku":"{{Sku}}","quantity":1},null]}""", "lines[1]" },
        { "a repeated sku", $$"""{"userId":"u","lines":[{"sku":"{{Sku}}","quantity":1},{"sku":"{{Sku}}","quantity":2}]}""", "lines[1].sku" },
        { "a bad sku", $$"""{"userId":"u","lines":[{"sku":"{{Sku}}","quantity":1},{"sku":"A B","quantity":1}]}""", "lines[1].sku" },
        { "a missing sku", $$"""{"userId":"u","lines":[{"sku":"{{Sku}}","quantity":1},{"quantity":1}]}""", "lines[1].sku" },
        { "quantity 0", $$"""{"userId":"u","lines":[{"sku":"{{Sku}}","quantity":1},{"sku":"X-1","quantity":0}]}""", "lines[1].quantity" },
        { "quantity 10001", $$"""{"userId":"u","lines":[{"sku":"{{Sku}}","quantity":10001}]}""", "lines[0].quantity" },
        { "missing quantity", $$"""{"userId":"u","lines":[{"sku":"{{Sku}}"}]}""", "lines[0].quantity" },
        { "quantity as a string", $$"""{"userId":"u","lines":[{"sku":"{{Sku}}","quantity":1},{"sku":"X-1","quantity":"2"}]}""", "lines[1].quantity" },
        { "missing userId", $$"""{"lines":[{"sku":"{{Sku}}","quantity":1}]}""", "userId" },
        { "blank userId", $$"""{"userId":" ","lines":[{"sku":"{{Sku}}","quantity":1}]}""", "userId" },
        { "userId of 129 chars", $$"""{"userId":"{{new string('u', 129)}}","lines":[{"sku":"{{Sku}}","quantity":1}]}""", "userId" },
        { "ttlSeconds 0", $$"""{"userId":"u","ttlSeconds":0,"lines":[{"sku":"{{Sku}}","quantity":1}]}""", "ttlSeconds" },
        { "ttlSeconds 86401", $$"""{"userId":"u","ttlSeconds":86401,"lines":[{"sku":"{{Sku}}","quantity":1}]}""", "ttlSeconds" },
        { "lines not an array", """{"userId":"u","lines":{"sku":"A"}}""", "lines" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Bad_body_is_400_naming_the_field_and_reserves_nothing(string why, string body, string field)
    {
        Assert.NotEmpty(why);
        var sku = TestEnvironment.NewSku("CART");
        await _carts.Api.CreateProductAsync(sku, 10, "grain");

        using var response = await _carts.CreateAsync(body.Replace(Sku, sku, StringComparison.Ordinal));

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors should name '{field}': {errors}");
        Assert.Equal(0, await _carts.ReservedAsync(sku));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("a-key-of-129-characters-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task Bad_idempotency_key_is_400_and_reserves_nothing(string key)
    {
        var sku = TestEnvironment.NewSku("CART");
        await _carts.Api.CreateProductAsync(sku, 10, "grain");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/reservations")
        {
            Content = new StringContent(CartClient.Body("u", null, (sku, 1)), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        using var response = await fixture.Client.SendAsync(request);

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), problem.ToString());
        Assert.Equal(0, await _carts.ReservedAsync(sku));
    }

    [Theory]
    [InlineData("optimistic", "grain")]
    [InlineData("grain", "sql")]
    [InlineData("fastest", "grain")]
    public async Task A_strategy_no_engine_of_the_cart_knows_is_400_and_reserves_nothing(string strategy, string engine)
    {
        var sku = TestEnvironment.NewSku("CART");
        await _carts.Api.CreateProductAsync(sku, 10, engine);

        using var response = await _carts.CreateAsync(CartClient.Body("u", null, (sku, 1)), strategy: strategy);

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("X-Stock-Strategy", out _), problem.ToString());
        Assert.Equal(0, await _carts.ReservedAsync(sku));
    }

    [Fact]
    public async Task A_strategy_applies_to_the_lines_of_the_engine_that_knows_it()
    {
        var grainSku = TestEnvironment.NewSku("CART");
        var sqlSku = TestEnvironment.NewSku("CART");
        await _carts.Api.CreateProductAsync(grainSku, 10, "grain");
        await _carts.Api.CreateProductAsync(sqlSku, 10, "sql");

        using var response = await _carts.CreateAsync(CartClient.Body("u", null, (grainSku, 1), (sqlSku, 1)), strategy: "optimistic");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var lines = (await StockApiClient.ReadJsonAsync(response)).GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal("grain", lines[0].GetProperty("strategy").GetString());
        Assert.Equal("optimistic", lines[1].GetProperty("strategy").GetString());
    }
}
