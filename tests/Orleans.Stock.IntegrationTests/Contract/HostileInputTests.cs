using System.Net;
using System.Text;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

/// <summary>
/// docs/api.md, "Limits": control characters, unpaired surrogates, a trailing newline after a
/// format and bodies over 64 KiB are a 4xx problem on every engine, and change nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiFixture fixture)
{
    private readonly StockApiClient _api = new(fixture.Client);

    /// <summary>JSON string escapes of each hostile character.</summary>
    private static readonly string[] Hostile = ["\\u0000", "\\r", "\\n", "\\u001b", "\\u007f", "\\u0085", "\\u009f", "\\ud800"];

    public static TheoryData<string, string> EngineAndHostile()
    {
        var data = new TheoryData<string, string>();
        foreach (var engine in EngineCases.All)
        {
            foreach (var value in Hostile)
            {
                data.Add(engine, value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EngineAndHostile))]
    public async Task A_hostile_userId_is_400_naming_it_and_changes_nothing(string engineCase, string hostile)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, engineCase);
        var before = await _api.GetProductAsync(sku);

        using var response = await _api.PostAsync(
            $"/api/products/{sku}/reservations", $$"""{"quantity":1,"userId":"a{{hostile}}b"}""", strategy: EngineCases.StrategyOf(engineCase));

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("userId", out _), problem.ToString());
        var after = await _api.GetProductAsync(sku);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(10, after.GetProperty("available").GetInt64());
    }

    [Theory]
    [MemberData(nameof(EngineAndHostile))]
    public async Task A_hostile_name_is_400_naming_it_and_creates_nothing(string engineCase, string hostile)
    {
        var sku = TestEnvironment.NewSku();
        var engine = EngineCases.EngineOf(engineCase);

        using var response = await _api.PostAsync(
            "/api/products", $$"""{"sku":"{{sku}}","name":"mug{{hostile}}","initialStock":5,"engine":"{{engine}}"}""");

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
        using var read = await fixture.Client.GetAsync($"/api/products/{sku}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task A_sku_with_a_trailing_newline_is_400_and_creates_nothing(string engineCase)
    {
        var sku = TestEnvironment.NewSku();
        var engine = EngineCases.EngineOf(engineCase);

        using var response = await _api.PostAsync("/api/products", $$"""{"sku":"{{sku}}\n","name":"n","initialStock":5,"engine":"{{engine}}"}""");

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("sku", out _), problem.ToString());
        using var read = await fixture.Client.GetAsync($"/api/products/{sku}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        using var newline = await fixture.Client.GetAsync($"/api/products/{sku}%0A");
        await StockApiClient.ReadProblemAsync(newline, HttpStatusCode.BadRequest, "validation-failed");
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Route_ids_and_keys_with_a_control_character_are_400_naming_them(string engineCase)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, engineCase);
        var reservation = await _api.ReserveOkAsync(sku, 1);
        var id = reservation.GetProperty("reservationId").GetString();

        foreach (var path in new[] { $"/api/products/{sku}/reservations/{id}%0A/confirm", $"/api/products/{sku}/reservations/{id}%1B/cancel", $"/api/products/{sku}/reservations/{id}%7F/confirm" })
        {
            using var complete = await _api.PostAsync(path, null);
            var problem = await StockApiClient.ReadProblemAsync(complete, HttpStatusCode.BadRequest, "validation-failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("reservationId", out _), problem.ToString());
        }

        using var read = await fixture.Client.GetAsync($"/api/products/{sku}/reservations/{id}%0A");
        await StockApiClient.ReadProblemAsync(read, HttpStatusCode.BadRequest, "validation-failed");
        using var cart = await fixture.Client.GetAsync($"/api/reservations/{id}%0A");
        var cartProblem = await StockApiClient.ReadProblemAsync(cart, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(cartProblem.GetProperty("errors").TryGetProperty("cartId", out _), cartProblem.ToString());

        using var keyed = new HttpRequestMessage(HttpMethod.Post, $"/api/products/{sku}/reservations")
        {
            Content = new StringContent("""{"quantity":1,"userId":"u"}""", Encoding.UTF8, "application/json"),
        };
        Assert.True(keyed.Headers.TryAddWithoutValidation("Idempotency-Key", "order\u007f"));
        if (EngineCases.StrategyOf(engineCase) is { } strategy)
        {
            keyed.Headers.Add("X-Stock-Strategy", strategy);
        }

        using var key = await fixture.Client.SendAsync(keyed);
        var keyProblem = await StockApiClient.ReadProblemAsync(key, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(keyProblem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), keyProblem.ToString());

        var after = await _api.GetProductAsync(sku);
        Assert.Equal(9, after.GetProperty("available").GetInt64());
        Assert.Equal(1, after.GetProperty("reserved").GetInt64());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task A_cart_with_a_hostile_userId_is_400_and_reserves_nothing(string engineCase)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, engineCase);

        using var response = await _api.PostAsync("/api/reservations", $$"""{"userId":"a\u0000b","lines":[{"sku":"{{sku}}","quantity":1}]}""");

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("userId", out _), problem.ToString());
        Assert.Equal(10, (await _api.GetProductAsync(sku)).GetProperty("available").GetInt64());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task A_100_KB_reservation_body_is_413_and_changes_nothing(string engineCase)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, engineCase);
        var body = $$"""{"quantity":1,"userId":"u","padding":"{{new string('x', 100 * 1024)}}"}""";

        using var response = await _api.PostAsync($"/api/products/{sku}/reservations", body, strategy: EngineCases.StrategyOf(engineCase));
        await StockApiClient.ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");

        // Without a Content-Length (chunked), the body is refused all the same.
        using var chunked = new HttpRequestMessage(HttpMethod.Post, $"/api/products/{sku}/reservations")
        {
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(body))),
        };
        chunked.Content.Headers.ContentType = new("application/json");
        using var chunkedResponse = await fixture.Client.SendAsync(chunked);
        await StockApiClient.ReadProblemAsync(chunkedResponse, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");

        var after = await _api.GetProductAsync(sku);
        Assert.Equal(10, after.GetProperty("available").GetInt64());
        Assert.Equal(1, after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_100_KB_cart_body_is_413_before_its_lines_are_read()
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, "grain");
        var lines = string.Join(",", Enumerable.Range(0, 3000).Select(i => $$"""{"sku":"{{sku}}","quantity":1}"""));
        var body = $$"""{"userId":"u","lines":[{{lines}}]}""";
        Assert.True(Encoding.UTF8.GetByteCount(body) > 100 * 1024);

        using var response = await _api.PostAsync("/api/reservations", body);

        await StockApiClient.ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Equal(10, (await _api.GetProductAsync(sku)).GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_served()
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, "grain");
        var body = JsonSerializer.Serialize(new { quantity = 1, userId = "u", padding = new string('x', 60 * 1024) });

        using var response = await _api.PostAsync($"/api/products/{sku}/reservations", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>A stream whose length HttpClient cannot know, so the body goes without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
