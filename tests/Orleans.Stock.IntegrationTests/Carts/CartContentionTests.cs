using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.Stock.Tests.Infrastructure;

namespace Orleans.Stock.Tests.Carts;

/// <summary>
/// Many carts at once over the same two SKUs, half with the lines in one order and half in the
/// other, with more demand than stock so that many fail and are compensated while others reserve.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CartContentionTests(ApiFixture fixture)
{
    private const int Carts = 60;
    private const int Concurrency = 12;
    private readonly CartClient _carts = new(fixture.Client);

    [Theory]
    [MemberData(nameof(CartCase.All), MemberType = typeof(CartCase))]
    public async Task Concurrent_carts_in_both_line_orders_never_deadlock_oversell_or_leave_a_failed_cart_holding_stock(string name)
    {
        var cartCase = CartCase.Of(name);
        var skus = await _carts.CreateProductsAsync(cartCase, 40, 40);
        var userPrefix = $"contend-{Guid.NewGuid():N}-";
        var answers = new ConcurrentBag<(HttpStatusCode Status, string? CartId, string Body)>();
        // Deadlocks are retried (the expiry sweep may cause one), so they are counted rather than seen as errors.
        using var deadlocks = new MetricCollector<long>(fixture.Factory.Services.GetRequiredService<IMeterFactory>(), "Orleans.Stock.Sql", "stock.sql.deadlocks");
        using var gate = new SemaphoreSlim(Concurrency);

        var run = Task.WhenAll(Enumerable.Range(0, Carts).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                (string, int) a = (skus[0], 1 + (i % 2)), b = (skus[1], 1 + (i / 2 % 2));
                (string, int)[] lines = i % 2 == 0 ? [a, b] : [b, a];
                var body = CartClient.Body($"{userPrefix}{i}", null, lines);
                using var response = await _carts.CreateAsync(body, strategy: cartCase.Strategy);
                var text = await response.Content.ReadAsStringAsync();
                var cartId = response.StatusCode == HttpStatusCode.Created
                    ? System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("cartId").GetString()
                    : null;
                answers.Add((response.StatusCode, cartId, text));
            }
            finally
            {
                gate.Release();
            }
        }));
        // A deadlock would hang here (or surface as a 503 after PostgreSQL broke it).
        await run.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.All(answers, a => Assert.True(
            a.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)a.Status}: {a.Body}"));
        Assert.Empty(deadlocks.GetMeasurementSnapshot());
        var created = answers.Where(a => a.Status == HttpStatusCode.Created).Select(a => a.CartId!).ToList();
        Assert.NotEmpty(created);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.Conflict);

        await using var db = new CartDatabase();
        var carts = await CartAudit.SettledCartsAsync(db, userPrefix, TimeSpan.FromSeconds(10));
        Assert.Equal(Carts, carts.Count);
        Assert.Equal(created.Order(), carts.Where(c => c.Status == "pending").Select(c => c.Id).Order());
        await CartAudit.AssertReservedMatchesPendingCartsAsync(_carts, carts, skus);
        await CartAudit.AssertAcknowledgedCartsReadPendingAsync(_carts, created);

        // Then confirm half and cancel the rest, all at once: sold is exactly the confirmed carts.
        var confirm = created.Where((_, i) => i % 2 == 0).ToHashSet();
        var completions = await Task.WhenAll(created.Select(async id =>
        {
            using var response = confirm.Contains(id) ? await _carts.ConfirmAsync(id) : await _carts.CancelAsync(id);
            return response.StatusCode;
        }));
        Assert.All(completions, s => Assert.Equal(HttpStatusCode.OK, s));
        carts = await db.CartsOfUsersAsync(userPrefix);
        foreach (var sku in skus)
        {
            var product = await _carts.Api.GetProductAsync(sku);
            Assert.Equal(0, product.GetProperty("reserved").GetInt64());
            Assert.Equal(
                carts.Where(c => c.Status == "confirmed").SelectMany(c => c.Lines).Where(l => l.Sku == sku).Sum(l => l.Quantity),
                product.GetProperty("sold").GetInt64());
        }
    }
}
