using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions;
using Orleans.Stock.Engines.Grain;

namespace Orleans.Stock.UnitTests.Engines;

/// <summary>What the API retries after a silo loss, for how long, and what it gives up with.</summary>
public sealed class GrainCallRetryTests : IDisposable
{
    private static readonly StockReply<ProductView> Product = new() { Value = new ProductView("SKU-1", "Mug", 10, 10, 10, 0, 0, 0, 1, DateTime.UnixEpoch) };

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly GrainCallRetry _retry;
    private readonly MetricCollector<long> _retries;

    public GrainCallRetryTests()
    {
        var options = Options.Create(new GrainRetryOptions
        {
            Budget = TimeSpan.FromMilliseconds(600),
            AttemptTimeout = TimeSpan.FromMilliseconds(150),
            BaseDelay = TimeSpan.FromMilliseconds(5),
            MaxDelay = TimeSpan.FromMilliseconds(20),
        });
        var metrics = new GrainRetryMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _retries = new MetricCollector<long>(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), GrainRetryMetrics.MeterName, "stock.grain.retries");
        _retry = new GrainCallRetry(options, metrics, NullLogger<GrainCallRetry>.Instance, TimeProvider.System);
    }

    [Fact]
    public async Task A_call_whose_silo_died_is_retried_and_the_retry_knows_an_earlier_attempt_may_have_run()
    {
        var seen = new List<bool>();

        var reply = await _retry.ExecuteAsync("get", seen, static (s, retried, _) =>
        {
            s.Add(retried);
            return s.Count == 1 ? Task.FromException<StockReply<ProductView>>(new SiloUnavailableException()) : Task.FromResult(Product);
        }, CancellationToken.None);

        Assert.Same(Product, reply);
        Assert.Equal([false, true], seen);
        Assert.Equal("get", _retries.LastMeasurement?.Tags["operation"]);
    }

    [Fact]
    public async Task An_attempt_that_never_answers_is_abandoned_after_the_attempt_timeout_and_retried()
    {
        var attempts = 0;

        var reply = await _retry.ExecuteAsync("reserve", 0, async (_, _, ct) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return Product;
        }, CancellationToken.None);

        Assert.Same(Product, reply);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Business_refusals_and_unknown_failures_are_not_retried()
    {
        var attempts = 0;
        var refused = new StockReply<ProductView> { Error = StockError.InsufficientStock };

        Assert.Same(refused, await _retry.ExecuteAsync("reserve", 0, (_, _, _) => { attempts++; return Task.FromResult(refused); }, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _retry.ExecuteAsync<ProductView, int>("reserve", 0, (_, _, _) => { attempts++; throw new InvalidOperationException("a bug"); }, CancellationToken.None));

        Assert.Equal(2, attempts);
        Assert.Empty(_retries.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task When_the_budget_runs_out_the_call_fails_as_unavailable_within_the_budget()
    {
        var attempts = 0;
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            _retry.ExecuteAsync<ProductView, int>("confirm", 0, (_, _, _) => { attempts++; throw new SiloUnavailableException(); }, CancellationToken.None));

        // Both are answered 503 unavailable by the API's exception handler.
        Assert.True(failure is TimeoutException or SiloUnavailableException, failure.ToString());
        // How many attempts fit in the budget depends on how busy the machine is; that it tried
        // again, and kept trying until the budget was spent, does not.
        Assert.True(attempts >= 2, $"{attempts} attempts");
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_unavailable_reply_is_retried_and_stands_when_the_budget_runs_out()
    {
        var attempts = 0;
        var unavailable = new StockReply<ReservationView> { Error = StockError.Unavailable };
        var clock = Stopwatch.StartNew();

        var reply = await _retry.ExecuteAsync("cancel", 0, (_, _, _) => { attempts++; return Task.FromResult(unavailable); }, CancellationToken.None);

        Assert.Equal(StockError.Unavailable, reply.Error);
        Assert.True(attempts >= 2, $"{attempts} attempts");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(500), $"gave up after {clock.Elapsed}, before the budget was spent");
    }

    [Fact]
    public async Task A_caller_that_gives_up_is_not_retried_for()
    {
        using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _retry.ExecuteAsync("get", 0, async (_, _, ct) => { await Task.Delay(Timeout.Infinite, ct); return Product; }, gone.Token));
    }

    public void Dispose()
    {
        _retries.Dispose();
        _services.Dispose();
    }
}
