using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.Stock.Carts;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Carts;

/// <summary>docs/api.md's "Multi-line reservations" for every engine and for carts that mix engines.</summary>
[Collection(ApiCollection.Name)]
public sealed class CartContractTests(ApiFixture fixture)
{
    private readonly CartClient _carts = new(fixture.Client);

    [Theory]
    [MemberData(nameof(CartCase.All), MemberType = typeof(CartCase))]
    public async Task Create_answers_201_with_every_line_reserved_and_readable_under_its_sku(string name)
    {
        var cartCase = CartCase.Of(name);
        var skus = await _carts.CreateProductsAsync(cartCase, 10, 20, 30);

        using var response = await _carts.CreateAsync(cartCase, "user-42", 600, (skus[0], 2), (skus[1], 1), (skus[2], 5));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var cart = await StockApiClient.ReadJsonAsync(response);
        var cartId = cart.GetProperty("cartId").GetString()!;
        Assert.Equal($"/api/reservations/{cartId}", response.Headers.Location?.ToString());
        Assert.Equal("user-42", cart.GetProperty("userId").GetString());
        Assert.Equal("pending", cart.GetProperty("status").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", cart.GetProperty("createdAt").GetString());
        Assert.Equal(TimeSpan.FromSeconds(600), cart.GetProperty("expiresAt").GetDateTime() - cart.GetProperty("createdAt").GetDateTime());

        var lines = cart.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(3, lines.Count);
        int[] quantities = [2, 1, 5];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(skus[i], lines[i].GetProperty("sku").GetString());
            Assert.Equal(quantities[i], lines[i].GetProperty("quantity").GetInt32());
            Assert.Equal(cartCase.EngineOfLine(i), lines[i].GetProperty("engine").GetString());
            Assert.Equal("pending", lines[i].GetProperty("status").GetString());
            if (cartCase.Strategy is { } asked && cartCase.EngineOfLine(i) == "sql")
            {
                Assert.Equal(asked, lines[i].GetProperty("strategy").GetString());
            }

            // Each line is an ordinary reservation of its SKU.
            var reservationId = lines[i].GetProperty("reservationId").GetString()!;
            using var read = await fixture.Client.GetAsync($"/api/products/{skus[i]}/reservations/{reservationId}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var reservation = await StockApiClient.ReadJsonAsync(read);
            Assert.Equal("pending", reservation.GetProperty("status").GetString());
            Assert.Equal("user-42", reservation.GetProperty("userId").GetString());
            Assert.Equal(quantities[i], reservation.GetProperty("quantity").GetInt32());
            // A line never expires before its cart.
            Assert.True(reservation.GetProperty("expiresAt").GetDateTime() >= cart.GetProperty("expiresAt").GetDateTime());
            Assert.Equal(quantities[i], await _carts.ReservedAsync(skus[i]));
        }

        var again = await _carts.GetOkAsync(cartId);
        Assert.Equal("pending", again.GetProperty("status").GetString());
        Assert.Equal(
            lines.Select(l => l.GetProperty("reservationId").GetString()),
            again.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("reservationId").GetString()));
    }

    [Theory]
    [MemberData(nameof(CartCase.All), MemberType = typeof(CartCase))]
    public async Task A_line_without_stock_fails_the_whole_cart_with_its_sku_and_reserves_nothing(string name)
    {
        var cartCase = CartCase.Of(name);
        var skus = await _carts.CreateProductsAsync(cartCase, 10, 3, 1, 10);

        // Lines 1 and 2 both lack stock: the first of them in line order answers.
        using var response = await _carts.CreateAsync(cartCase, "user-1", null, (skus[0], 4), (skus[1], 4), (skus[2], 2), (skus[3], 4));

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.Conflict, "insufficient-stock");
        Assert.Equal(skus[1], problem.GetProperty("sku").GetString());
        Assert.Equal(3, problem.GetProperty("available").GetInt64());
        long[] stocks = [10, 3, 1, 10];
        for (var i = 0; i < skus.Length; i++)
        {
            var product = await _carts.Api.GetProductAsync(skus[i]);
            Assert.Equal(0, product.GetProperty("reserved").GetInt64());
            Assert.Equal(stocks[i], product.GetProperty("available").GetInt64());
        }
    }

    [Theory]
    [MemberData(nameof(CartCase.All), MemberType = typeof(CartCase))]
    public async Task An_unknown_sku_is_404_naming_it_and_reserves_nothing(string name)
    {
        var cartCase = CartCase.Of(name);
        var skus = await _carts.CreateProductsAsync(cartCase, 10, 10);
        var unknown = TestEnvironment.NewSku("NOPE");

        using var response = await _carts.CreateAsync(cartCase, "user-1", null, (skus[0], 1), (unknown, 1), (skus[1], 1));

        var problem = await StockApiClient.ReadProblemAsync(response, HttpStatusCode.NotFound, "product-not-found");
        Assert.Equal(unknown, problem.GetProperty("sku").GetString());
        Assert.Equal(0, await _carts.ReservedAsync(skus[0]));
        Assert.Equal(0, await _carts.ReservedAsync(skus[1]));
    }

    [Theory]
    [MemberData(nameof(CartCase.All), MemberType = typeof(CartCase))]
    public async Task Same_key_and_body_replays_the_cart_and_a_different_body_is_422(string name)
    {
        var cartCase = CartCase.Of(name);
        var skus = await _carts.CreateProductsAsync(cartCase, 10, 10);
        var key = $"cart-{Guid.NewGuid():N}";
        var body = CartClient.Body("user-7", 300, (skus[0], 2), (skus[1], 3));

        using var first = await _carts.CreateAsync(body, key, cartCase.Strategy);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var original = await StockApiClient.ReadJsonAsync(first);

        using var second = await _carts.CreateAsync(body, key, cartCase.Strategy);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var replayed = await StockApiClient.ReadJsonAsync(second);
        Assert.Equal(original.GetProperty("cartId").GetString(), replayed.GetProperty("cartId").GetString());
        Assert.Equal(
            original.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("reservationId").GetString()),
            replayed.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("reservationId").GetString()));
        Assert.Equal(2, await _carts.ReservedAsync(skus[0]));
        Assert.Equal(3, await _carts.ReservedAsync(skus[1]));

        using var different = await _carts.CreateAsync(CartClient.Body("user-7", 300, (skus[0], 2), (skus[1], 4)), key, cartCase.Strategy);
        await StockApiClient.ReadProblemAsync(different, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(3, await _carts.ReservedAsync(skus[1]));
    }

    [Theory]
    [MemberData(nameof(CartCase.All), MemberType = typeof(CartCase))]
    public async Task A_failed_cart_lets_go_of_its_key_so_a_retry_after_restock_succeeds(string name)
    {
        var cartCase = CartCase.Of(name);
        var skus = await _carts.CreateProductsAsync(cartCase, 5, 1);
        var key = $"cart-{Guid.NewGuid():N}";
        var body = CartClient.Body("user-8", null, (skus[0], 2), (skus[1], 2));

        using var refused = await _carts.CreateAsync(body, key, cartCase.Strategy);
        await StockApiClient.ReadProblemAsync(refused, HttpStatusCode.Conflict, "insufficient-stock");

        using var restock = await _carts.Api.PostAsync($"/api/products/{skus[1]}/restock", """{"quantity":5}""");
        Assert.Equal(HttpStatusCode.OK, restock.StatusCode);
        using var retried = await _carts.CreateAsync(body, key, cartCase.Strategy);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(2, await _carts.ReservedAsync(skus[0]));
        Assert.Equal(2, await _carts.ReservedAsync(skus[1]));
    }

    [Theory]
    [MemberData(nameof(CartCase.All), MemberType = typeof(CartCase))]
    public async Task Confirm_sells_every_line_twice_is_200_and_cancel_afterwards_is_409(string name)
    {
        var cartCase = CartCase.Of(name);
        var skus = await _carts.CreateProductsAsync(cartCase, 10, 10);
        var cart = await _carts.CreateOkAsync(cartCase, "user-3", null, (skus[0], 2), (skus[1], 3));
        var cartId = cart.GetProperty("cartId").GetString()!;

        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var confirm = await _carts.ConfirmAsync(cartId);
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
            var confirmed = await StockApiClient.ReadJsonAsync(confirm);
            Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
            Assert.All(confirmed.GetProperty("lines").EnumerateArray(), l => Assert.Equal("confirmed", l.GetProperty("status").GetString()));
        }

        var first = await _carts.Api.GetProductAsync(skus[0]);
        Assert.Equal(2, first.GetProperty("sold").GetInt64());
        Assert.Equal(0, first.GetProperty("reserved").GetInt64());
        Assert.Equal(3, (await _carts.Api.GetProductAsync(skus[1])).GetProperty("sold").GetInt64());
        Assert.Equal("confirmed", (await _carts.GetOkAsync(cartId)).GetProperty("status").GetString());

        using var cancel = await _carts.CancelAsync(cartId);
        var problem = await StockApiClient.ReadProblemAsync(cancel, HttpStatusCode.Conflict, "reservation-not-pending");
        Assert.Equal("confirmed", problem.GetProperty("reservationStatus").GetString());
        Assert.Equal(2, (await _carts.Api.GetProductAsync(skus[0])).GetProperty("sold").GetInt64());
    }

    [Theory]
    [MemberData(nameof(CartCase.All), MemberType = typeof(CartCase))]
    public async Task Cancel_releases_every_line_twice_is_200_and_confirm_afterwards_is_409(string name)
    {
        var cartCase = CartCase.Of(name);
        var skus = await _carts.CreateProductsAsync(cartCase, 10, 10);
        var cart = await _carts.CreateOkAsync(cartCase, "user-4", null, (skus[0], 4), (skus[1], 1));
        var cartId = cart.GetProperty("cartId").GetString()!;

        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var cancel = await _carts.CancelAsync(cartId);
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            var cancelled = await StockApiClient.ReadJsonAsync(cancel);
            Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
            Assert.All(cancelled.GetProperty("lines").EnumerateArray(), l => Assert.Equal("cancelled", l.GetProperty("status").GetString()));
        }

        Assert.Equal(10, await _carts.AvailableAsync(skus[0]));
        Assert.Equal(10, await _carts.AvailableAsync(skus[1]));

        using var confirm = await _carts.ConfirmAsync(cartId);
        var problem = await StockApiClient.ReadProblemAsync(confirm, HttpStatusCode.Conflict, "reservation-not-pending");
        Assert.Equal("cancelled", problem.GetProperty("reservationStatus").GetString());
        Assert.Equal(0, (await _carts.Api.GetProductAsync(skus[0])).GetProperty("sold").GetInt64());
    }

    [Theory]
    [MemberData(nameof(CartCase.All), MemberType = typeof(CartCase))]
    public async Task A_cart_expires_as_a_whole_within_two_seconds_and_cannot_be_confirmed(string name)
    {
        var cartCase = CartCase.Of(name);
        var skus = await _carts.CreateProductsAsync(cartCase, 10, 10);
        var cart = await _carts.CreateOkAsync(cartCase, "user-5", 1, (skus[0], 3), (skus[1], 2));
        var cartId = cart.GetProperty("cartId").GetString()!;
        var expiresAt = cart.GetProperty("expiresAt").GetDateTime();

        // Past expiresAt (the API's clock, which stamped it) the cart reads expired at once.
        Assert.True(await CartClient.EventuallyAsync(() => Task.FromResult(DateTime.UtcNow > expiresAt), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(20)));
        var read = await _carts.GetOkAsync(cartId);
        Assert.Equal("expired", read.GetProperty("status").GetString());
        Assert.All(read.GetProperty("lines").EnumerateArray(), l => Assert.Equal("expired", l.GetProperty("status").GetString()));
        using var confirm = await _carts.ConfirmAsync(cartId);
        var problem = await StockApiClient.ReadProblemAsync(confirm, HttpStatusCode.Conflict, "reservation-not-pending");
        Assert.Equal("expired", problem.GetProperty("reservationStatus").GetString());
        using var cancel = await _carts.CancelAsync(cartId);
        await StockApiClient.ReadProblemAsync(cancel, HttpStatusCode.Conflict, "reservation-not-pending");

        // Units back in available within 2 s of expiresAt (a little slack for a busy test machine).
        var released = await CartClient.EventuallyAsync(
            async () => await _carts.ReservedAsync(skus[0]) == 0 && await _carts.ReservedAsync(skus[1]) == 0,
            expiresAt.AddSeconds(2.5) - DateTime.UtcNow);
        Assert.True(released, $"units still reserved {(DateTime.UtcNow - expiresAt).TotalSeconds:F1} s after expiresAt");
        Assert.Equal(10, await _carts.AvailableAsync(skus[0]));
        Assert.Equal(0, (await _carts.Api.GetProductAsync(skus[1])).GetProperty("sold").GetInt64());
    }

    [Theory]
    [MemberData(nameof(CartCase.All), MemberType = typeof(CartCase))]
    public async Task A_cart_with_a_line_cancelled_on_its_own_cannot_be_confirmed_and_nothing_is_sold(string name)
    {
        var cartCase = CartCase.Of(name);
        var skus = await _carts.CreateProductsAsync(cartCase, 10, 10);
        var cart = await _carts.CreateOkAsync(cartCase, "user-6", null, (skus[0], 1), (skus[1], 2));
        var cartId = cart.GetProperty("cartId").GetString()!;
        var second = cart.GetProperty("lines")[1].GetProperty("reservationId").GetString()!;
        using (var cancelLine = await _carts.Api.PostAsync($"/api/products/{skus[1]}/reservations/{second}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancelLine.StatusCode);
        }

        using var confirm = await _carts.ConfirmAsync(cartId);

        var problem = await StockApiClient.ReadProblemAsync(confirm, HttpStatusCode.Conflict, "reservation-not-pending");
        Assert.Equal("cancelled", problem.GetProperty("reservationStatus").GetString());
        Assert.Equal(skus[1], problem.GetProperty("sku").GetString());
        Assert.Equal(0, (await _carts.Api.GetProductAsync(skus[0])).GetProperty("sold").GetInt64());
        // The cart can still be cancelled, releasing the rest.
        using var cancel = await _carts.CancelAsync(cartId);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(0, await _carts.ReservedAsync(skus[0]));
    }

    [Fact]
    public async Task Unknown_or_failed_cart_is_404_reservation_not_found_and_a_bad_id_is_400()
    {
        using var unknown = await _carts.GetAsync(Guid.NewGuid().ToString("N"));
        await StockApiClient.ReadProblemAsync(unknown, HttpStatusCode.NotFound, "reservation-not-found");
        using var confirmUnknown = await _carts.ConfirmAsync(Guid.NewGuid().ToString("N"));
        await StockApiClient.ReadProblemAsync(confirmUnknown, HttpStatusCode.NotFound, "reservation-not-found");
        using var cancelUnknown = await _carts.CancelAsync(Guid.NewGuid().ToString("N"));
        await StockApiClient.ReadProblemAsync(cancelUnknown, HttpStatusCode.NotFound, "reservation-not-found");

        using var bad = await _carts.GetAsync("not%20an%20id");
        var problem = await StockApiClient.ReadProblemAsync(bad, HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("cartId", out _));

        // A cart that failed was never acknowledged: it cannot be found, confirmed or cancelled.
        var skus = await _carts.CreateProductsAsync(CartCase.Of("grain"), 1);
        using var failed = await _carts.CreateAsync(CartClient.Body("user-9", null, (skus[0], 2)), "failed-" + Guid.NewGuid().ToString("N"));
        await StockApiClient.ReadProblemAsync(failed, HttpStatusCode.Conflict, "insufficient-stock");
        await using var db = new CartDatabase();
        var failedId = await db.SingleCartIdOfUserAsync("user-9", "failed", skus[0]);
        using var readFailed = await _carts.GetAsync(failedId);
        await StockApiClient.ReadProblemAsync(readFailed, HttpStatusCode.NotFound, "reservation-not-found");
        using var confirmFailed = await _carts.ConfirmAsync(failedId);
        await StockApiClient.ReadProblemAsync(confirmFailed, HttpStatusCode.NotFound, "reservation-not-found");
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_reserve_the_cart_once()
    {
        var cartCase = CartCase.Of("mixed");
        var skus = await _carts.CreateProductsAsync(cartCase, 100, 100);
        var key = $"race-{Guid.NewGuid():N}";
        var body = CartClient.Body("user-10", null, (skus[0], 1), (skus[1], 2));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _carts.CreateAsync(body, key)));
        try
        {
            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
            Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
            var ids = new HashSet<string>();
            foreach (var response in responses)
            {
                ids.Add((await StockApiClient.ReadJsonAsync(response)).GetProperty("cartId").GetString()!);
            }

            Assert.Single(ids);
            Assert.Equal(1, await _carts.ReservedAsync(skus[0]));
            Assert.Equal(2, await _carts.ReservedAsync(skus[1]));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Created_and_failed_carts_are_counted_on_metrics()
    {
        var skus = await _carts.CreateProductsAsync(CartCase.Of("mixed"), 5, 5);
        // Counted through this host's meters: every test host in the process registers the same meter
        // names, so a scrape may show another host's instruments, or none of this one's (both seen in full runs).
        var meters = fixture.Factory.Services.GetRequiredService<IMeterFactory>();
        using var created = new MetricCollector<long>(meters, CartMetrics.MeterName, "stock.carts.created");
        using var failed = new MetricCollector<long>(meters, CartMetrics.MeterName, "stock.carts.failed");

        await _carts.CreateOkAsync(CartCase.Of("mixed"), "user-11", null, (skus[0], 1), (skus[1], 1));
        using var refused = await _carts.CreateAsync(CartClient.Body("user-11", null, (skus[0], 1), (skus[1], 9)));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        Assert.Equal(1, created.GetMeasurementSnapshot().EvaluateAsCounter());
        var failures = failed.GetMeasurementSnapshot();
        Assert.Equal(1, failures.EvaluateAsCounter());
        Assert.Equal("insufficient-stock", failures.Single().Tags["code"]);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_cart_endpoints()
    {
        using var response = await fixture.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/reservations").TryGetProperty("post", out var post));
        Assert.True(post.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(paths.GetProperty("/api/reservations/{cartId}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/reservations/{cartId}/confirm").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/reservations/{cartId}/cancel").TryGetProperty("post", out _));
    }
}
