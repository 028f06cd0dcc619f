using Microsoft.Extensions.Options;
using Orleans.Stock.Api.Engines;
using Orleans.Stock.Grains.Contracts;
using Orleans.Stock.Grains.Stock;
using Polly;
using Polly.Retry;

namespace Orleans.Stock.Api.SqlEngine;

/// <summary>
/// The sql engine behind the HTTP contract: pessimistic or optimistic per request, optimistic
/// retried with jittered exponential backoff and, when retries run out, served pessimistically
/// (or refused with 503) — the guide's design, measured rather than assumed.
/// </summary>
public sealed class SqlStockEngine : IStockEngine
{
    public const string EngineName = "sql";

    private static readonly ResiliencePropertyKey<int> AttemptsKey = new("stock.attempts");

    private readonly SqlStockStore _store;
    private readonly SqlStrategySelector _selector;
    private readonly SqlEngineMetrics _metrics;
    private readonly ConflictRateMonitor _conflicts;
    private readonly TimeProvider _time;
    private readonly SqlEngineOptions _options;
    private readonly ResiliencePipeline _optimisticRetry;

    public SqlStockEngine(
        SqlStockStore store,
        SqlStrategySelector selector,
        SqlEngineMetrics metrics,
        ConflictRateMonitor conflicts,
        TimeProvider time,
        IOptions<SqlEngineOptions> options)
    {
        _store = store;
        _selector = selector;
        _metrics = metrics;
        _conflicts = conflicts;
        _time = time;
        _options = options.Value;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<OptimisticConflictException>(),
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
            });
        }

        _optimisticRetry = builder.Build();
    }

    public string Name => EngineName;

    public IReadOnlyCollection<string> Strategies { get; } = ["pessimistic", "optimistic"];

    public Task<StockReply<ProductView>> CreateAsync(string sku, string name, long initialStock, CancellationToken cancellationToken) =>
        _store.CreateAsync(sku, name, initialStock, Now(), cancellationToken);

    public Task<StockReply<ProductView>> GetAsync(string sku, CancellationToken cancellationToken) =>
        _store.GetAsync(sku, cancellationToken);

    public Task<StockReply<ProductView>> RestockAsync(string sku, long quantity, CancellationToken cancellationToken) =>
        _store.RestockAsync(sku, quantity, Now(), cancellationToken);

    public async Task<StockReply<ReservationView>> ReserveAsync(string sku, ReserveRequest request, string? strategy, CancellationToken cancellationToken)
    {
        var now = Now();
        var reservation = new NewReservation(
            Guid.CreateVersion7(now).ToString("N"), request.Quantity, request.UserId, request.IdempotencyKey,
            ReserveRequestFingerprint.Of(request), now, now.AddSeconds(request.TtlSeconds));

        if (_selector.Select(strategy, request.UserId) == SqlStrategy.Pessimistic)
        {
            return await PessimisticAsync(sku, reservation, attemptsBefore: 0, cancellationToken);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var reply = await _optimisticRetry.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var attempts = ctx.Properties.GetValue(AttemptsKey, 0) + 1;
                    ctx.Properties.Set(AttemptsKey, attempts);
                    state.Engine._metrics.Attempt(SqlStrategy.Optimistic);
                    try
                    {
                        var result = await state.Engine._store.TryReserveOptimisticAsync(state.Sku, state.Reservation, ctx.CancellationToken);
                        state.Engine._conflicts.Record(conflict: false);
                        return result;
                    }
                    catch (OptimisticConflictException)
                    {
                        state.Engine._metrics.Conflict(SqlStrategy.Optimistic);
                        state.Engine._conflicts.Record(conflict: true);
                        throw;
                    }
                },
                context,
                (Engine: this, Sku: sku, Reservation: reservation));
            return reply with { Strategy = "optimistic", Attempts = context.Properties.GetValue(AttemptsKey, 1) };
        }
        catch (OptimisticConflictException)
        {
            var attempts = context.Properties.GetValue(AttemptsKey, 1);
            if (!_options.FallbackToPessimistic)
            {
                return new StockReply<ReservationView> { Error = StockError.Unavailable, Attempts = attempts, Strategy = "optimistic" };
            }

            _metrics.Fallback();
            return await PessimisticAsync(sku, reservation, attempts, cancellationToken);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Task<StockReply<ReservationView>> ConfirmAsync(string sku, string reservationId, CancellationToken cancellationToken) =>
        _store.CompleteAsync(sku, reservationId, ReservationStatus.Confirmed, Now(), cancellationToken);

    public Task<StockReply<ReservationView>> CancelAsync(string sku, string reservationId, CancellationToken cancellationToken) =>
        _store.CompleteAsync(sku, reservationId, ReservationStatus.Cancelled, Now(), cancellationToken);

    public Task<StockReply<ReservationView>> GetReservationAsync(string sku, string reservationId, CancellationToken cancellationToken) =>
        _store.GetReservationAsync(sku, reservationId, cancellationToken);

    private async Task<StockReply<ReservationView>> PessimisticAsync(string sku, NewReservation reservation, int attemptsBefore, CancellationToken cancellationToken)
    {
        _metrics.Attempt(SqlStrategy.Pessimistic);
        var reply = await _store.ReservePessimisticAsync(sku, reservation, cancellationToken);
        return reply with { Strategy = "pessimistic", Attempts = attemptsBefore + 1 };
    }

    /// <summary>Milliseconds, as the API shows them, so what is stored and what is answered agree.</summary>
    private DateTime Now()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }
}
