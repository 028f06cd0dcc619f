using System.Net;
using System.Text.Json;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Contract;

[Collection(ApiCollection.Name)]
public sealed class ReservationContractTests(ApiFixture fixture)
{
    private readonly StockApiClient _api = new(fixture.Client);

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Reserve_answers_201_with_the_reservation_and_holds_the_units(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 100, engine);

        using var response = await _api.ReserveAsync(sku, 3, "user-42", ttlSeconds: 600);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var reservation = await StockApiClient.ReadJsonAsync(response);
        var id = reservation.GetProperty("reservationId").GetString()!;
        Assert.Equal($"/api/products/{sku}/reservations/{id}", response.Headers.Location?.ToString());
        Assert.Equal(sku, reservation.GetProperty("sku").GetString());
        Assert.Equal(3, reservation.GetProperty("quantity").GetInt32());
        Assert.Equal("user-42", reservation.GetProperty("userId").GetString());
        Assert.Equal("pending", reservation.GetProperty("status").GetString());
        Assert.Equal(EngineCases.EngineOf(engine), reservation.GetProperty("engine").GetString());
        if (EngineCases.StrategyOf(engine) is { } asked)
        {
            Assert.Equal(asked, reservation.GetProperty("strategy").GetString());
        }

        var strategy = reservation.GetProperty("strategy").GetString();
        Assert.Equal(strategy, response.Headers.GetValues("X-Stock-Strategy").Single());
        Assert.True(reservation.GetProperty("attempts").GetInt32() >= 1);
        Assert.True(reservation.GetProperty("elapsedMs").GetDouble() > 0);
        var createdAt = reservation.GetProperty("createdAt").GetDateTime();
        var expiresAt = reservation.GetProperty("expiresAt").GetDateTime();
        Assert.Equal(TimeSpan.FromSeconds(600), expiresAt - createdAt);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", reservation.GetProperty("createdAt").GetString());

        var product = await _api.GetProductAsync(sku);
        Assert.Equal(97, product.GetProperty("available").GetInt64());
        Assert.Equal(3, product.GetProperty("reserved").GetInt64());

        using var read = await fixture.Client.GetAsync($"/api/products/{sku}/reservations/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var readBody = await StockApiClient.ReadJsonAsync(read);
        Assert.Equal(id, readBody.GetProperty("reservationId").GetString());
        Assert.Equal("pending", readBody.GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Default_ttl_is_900_seconds(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 1, engine);
        var reservation = await _api.ReserveOkAsync(sku, 1);
        Assert.Equal(
            TimeSpan.FromSeconds(900),
            reservation.GetProperty("expiresAt").GetDateTime() - reservation.GetProperty("createdAt").GetDateTime());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Insufficient_stock_is_409_with_available_and_reserves_nothing(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 5, engine);
        await _api.ReserveOkAsync(sku, 3);
        var before = await _api.GetProductAsync(sku);

        using var response = await _api.ReserveAsync(sku, 3);

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.Conflict, "insufficient-stock");
        Assert.Equal(2, problem.GetProperty("available").GetInt32());
        var after = await _api.GetProductAsync(sku);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(2, after.GetProperty("available").GetInt64());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Unknown_reservation_is_404_reservation_not_found(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 5, engine);
        var unknown = Guid.NewGuid().ToString("N");

        using var get = await fixture.Client.GetAsync($"/api/products/{sku}/reservations/{unknown}");
        await StockApiClient.ReadProblemAsync(get, HttpStatusCode.NotFound, "reservation-not-found");
        using var confirm = await _api.PostAsync($"/api/products/{sku}/reservations/{unknown}/confirm", null);
        await StockApiClient.ReadProblemAsync(confirm, HttpStatusCode.NotFound, "reservation-not-found");
        using var cancel = await _api.PostAsync($"/api/products/{sku}/reservations/{unknown}/cancel", null);
        await StockApiClient.ReadProblemAsync(cancel, HttpStatusCode.NotFound, "reservation-not-found");
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Confirm_sells_the_units_is_repeatable_and_forbids_cancel(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, engine);
        var id = (await _api.ReserveOkAsync(sku, 4)).GetProperty("reservationId").GetString();

        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var confirm = await _api.PostAsync($"/api/products/{sku}/reservations/{id}/confirm", null);
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
            Assert.Equal("confirmed", (await StockApiClient.ReadJsonAsync(confirm)).GetProperty("status").GetString());
        }

        var product = await _api.GetProductAsync(sku);
        Assert.Equal(4, product.GetProperty("sold").GetInt64());
        Assert.Equal(0, product.GetProperty("reserved").GetInt64());
        Assert.Equal(6, product.GetProperty("onHand").GetInt64());

        using var cancel = await _api.PostAsync($"/api/products/{sku}/reservations/{id}/cancel", null);
        var problem = await StockApiClient.ReadProblemAsync(cancel, HttpStatusCode.Conflict, "reservation-not-pending");
        Assert.Equal("confirmed", problem.GetProperty("reservationStatus").GetString());
        Assert.Equal(product.GetProperty("version").GetInt64(), (await _api.GetProductAsync(sku)).GetProperty("version").GetInt64());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Cancel_returns_the_units_is_repeatable_and_forbids_confirm(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, engine);
        var id = (await _api.ReserveOkAsync(sku, 4)).GetProperty("reservationId").GetString();

        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var cancel = await _api.PostAsync($"/api/products/{sku}/reservations/{id}/cancel", null);
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            Assert.Equal("cancelled", (await StockApiClient.ReadJsonAsync(cancel)).GetProperty("status").GetString());
        }

        var product = await _api.GetProductAsync(sku);
        Assert.Equal(10, product.GetProperty("available").GetInt64());
        Assert.Equal(0, product.GetProperty("sold").GetInt64());

        using var confirm = await _api.PostAsync($"/api/products/{sku}/reservations/{id}/confirm", null);
        var problem = await StockApiClient.ReadProblemAsync(confirm, HttpStatusCode.Conflict, "reservation-not-pending");
        Assert.Equal("cancelled", problem.GetProperty("reservationStatus").GetString());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Idempotency_key_replays_the_original_and_refuses_a_different_body(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, engine);
        var key = Guid.NewGuid().ToString();

        using var first = await _api.ReserveAsync(sku, 2, "user-7", 300, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var original = await StockApiClient.ReadJsonAsync(first);

        using var replay = await _api.ReserveAsync(sku, 2, "user-7", 300, key);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var replayed = await StockApiClient.ReadJsonAsync(replay);
        Assert.Equal(original.GetProperty("reservationId").GetString(), replayed.GetProperty("reservationId").GetString());

        using var different = await _api.ReserveAsync(sku, 3, "user-7", 300, key);
        await StockApiClient.ReadProblemAsync(different, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        var product = await _api.GetProductAsync(sku);
        Assert.Equal(2, product.GetProperty("reserved").GetInt64());
        Assert.Equal(8, product.GetProperty("available").GetInt64());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Concurrent_same_key_requests_take_stock_once(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, engine);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _api.ReserveAsync(sku, 1, "user-9", 300, key)));

        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, response.StatusCode.ToString());
            ids.Add((await StockApiClient.ReadJsonAsync(response)).GetProperty("reservationId").GetString()!);
            response.Dispose();
        }

        Assert.Single(ids);
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, (await _api.GetProductAsync(sku)).GetProperty("available").GetInt64());
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Three_hundred_concurrent_reservations_on_one_hundred_units_sell_exactly_one_hundred(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 100, engine);

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => _api.ReserveAsync(sku, 1, $"user-{i}")));

        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(200, refused.Count);
        foreach (var response in refused)
        {
            await StockApiClient.ReadProblemAsync(response, HttpStatusCode.Conflict, "insufficient-stock");
        }

        var ids = new HashSet<string>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
        {
            ids.Add((await StockApiClient.ReadJsonAsync(response)).GetProperty("reservationId").GetString()!);
        }

        Assert.Equal(100, ids.Count);
        var product = await _api.GetProductAsync(sku);
        Assert.Equal(0, product.GetProperty("available").GetInt64());
        Assert.Equal(100, product.GetProperty("reserved").GetInt64());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task A_reservation_expires_within_two_seconds_of_its_expiry_and_cannot_be_confirmed(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, engine);
        var reservation = await _api.ReserveOkAsync(sku, 4, ttlSeconds: 1);
        var id = reservation.GetProperty("reservationId").GetString();
        var deadline = reservation.GetProperty("expiresAt").GetDateTime().ToUniversalTime().AddSeconds(2);

        // Polls the observable state; the assertion is the time bound docs/api.md promises.
        JsonElement read;
        do
        {
            using var response = await fixture.Client.GetAsync($"/api/products/{sku}/reservations/{id}");
            read = await StockApiClient.ReadJsonAsync(response);
            if (read.GetProperty("status").GetString() == "expired")
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("expired", read.GetProperty("status").GetString());
        Assert.True(DateTime.UtcNow <= deadline.AddMilliseconds(500), "expiry took longer than docs/api.md allows");
        var product = await _api.GetProductAsync(sku);
        Assert.Equal(10, product.GetProperty("available").GetInt64());
        Assert.Equal(0, product.GetProperty("reserved").GetInt64());

        using var confirm = await _api.PostAsync($"/api/products/{sku}/reservations/{id}/confirm", null);
        var problem = await StockApiClient.ReadProblemAsync(confirm, HttpStatusCode.Conflict, "reservation-not-pending");
        Assert.Equal("expired", problem.GetProperty("reservationStatus").GetString());
        using var cancel = await _api.PostAsync($"/api/products/{sku}/reservations/{id}/cancel", null);
        await StockApiClient.ReadProblemAsync(cancel, HttpStatusCode.Conflict, "reservation-not-pending");
    }

    [Theory]
    [MemberData(nameof(EngineCases.All), MemberType = typeof(EngineCases))]
    public async Task Strategy_header_accepts_the_engines_own_strategy_only(string engine)
    {
        var sku = TestEnvironment.NewSku();
        await _api.CreateProductAsync(sku, 10, engine);

        using var bogus = await _api.ReserveAsync(sku, 1, strategy: "warp-drive");
        await StockApiClient.ReadProblemAsync(bogus, HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(10, (await _api.GetProductAsync(sku)).GetProperty("available").GetInt64());

        var strategy = (await _api.ReserveOkAsync(sku, 1)).GetProperty("strategy").GetString();
        var again = await _api.ReserveOkAsync(sku, 1, strategy: strategy);
        Assert.Equal(strategy, again.GetProperty("strategy").GetString());
    }
}
