using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions;
using Polly;
using Polly.Retry;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// The sql engine behind the HTTP contract: pessimistic or optimistic per request, optimistic
/// retried with jittered exponential backoff and, when retries run out, served pessimistically
/// (or refused with 503) — the guide's design, measured rather than assumed. A cart's sql lines
/// go through the same rules in one transaction (<see cref="ICartLineEngine"/>).
/// </summary>
public sealed class SqlStockEngine : IStockEngine, ICartLineEngine
{
    public const string EngineName = "sql";

    private static readonly ResiliencePropertyKey<int> AttemptsKey = new("stock.attempts");

    private readonly SqlStockStore _store;
    private readonly SqlCartLineStore _cartLines;
    private readonly SqlAdjustmentStore _adjustments;
    private readonly SqlProductSettingsStore _settings;
    private readonly SqlHistoryStore _history;
    private readonly SqlStrategySelector _selector;
    private readonly SqlEngineMetrics _metrics;
    private readonly ConflictRateMonitor _conflicts;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<SqlEngineOptions> _options;
    private volatile ResiliencePipeline _optimisticRetry;

    public SqlStockEngine(
        SqlStockStore store,
        SqlCartLineStore cartLines,
        SqlAdjustmentStore adjustments,
        SqlProductSettingsStore settings,
        SqlHistoryStore history,
        SqlStrategySelector selector,
        SqlEngineMetrics metrics,
        ConflictRateMonitor conflicts,
        TimeProvider time,
        IOptionsMonitor<SqlEngineOptions> options)
    {
        _store = store;
        _cartLines = cartLines;
        _adjustments = adjustments;
        _settings = settings;
        _history = history;
        _selector = selector;
        _metrics = metrics;
        _conflicts = conflicts;
        _time = time;
        _options = options;
        _optimisticRetry = BuildRetry(options.CurrentValue);
        // Retry settings are live (a rollback lowers MaxRetries without a restart): rebuild the
        // pipeline when they change; requests already inside the old one finish with it.
        options.OnChange(o => _optimisticRetry = BuildRetry(o));
    }

    public string Name => EngineName;

    public IReadOnlyCollection<string> Strategies { get; } = ["pessimistic", "optimistic"];

    public Task<StockReply<ProductView>> CreateAsync(string sku, NewProduct product, CancellationToken cancellationToken) =>
        EngineInput.IsProduct(sku, product.Name)
            ? _store.CreateAsync(sku, product, Now(), cancellationToken)
            : Task.FromResult(EngineInput.Invalid<ProductView>());

    public Task<StockReply<ProductView>> GetAsync(string sku, CancellationToken cancellationToken) =>
        TextRules.IsSku(sku) ? _store.GetAsync(sku, cancellationToken) : Task.FromResult(EngineInput.Invalid<ProductView>());

    public Task<StockReply<ProductView>> RestockAsync(string sku, long quantity, string? actor, CancellationToken cancellationToken) =>
        TextRules.IsSku(sku) ? _store.RestockAsync(sku, quantity, actor, Now(), cancellationToken) : Task.FromResult(EngineInput.Invalid<ProductView>());

    public async Task<StockReply<ReservationView>> ReserveAsync(string sku, ReserveRequest request, string? strategy, CancellationToken cancellationToken)
    {
        if (!EngineInput.IsReservation(sku, request))
        {
            return EngineInput.Invalid<ReservationView>();
        }

        var now = Now();
        var reservation = NewReservation.For(request, now);

        if (_selector.Select(strategy, request.UserId) == SqlStrategy.Pessimistic)
        {
            return await PessimisticAsync(sku, reservation, attemptsBefore: 0, cancellationToken);
        }

        var (reply, attempts) = await OptimisticAsync(
            (Store: _store, Sku: sku, Reservation: reservation),
            static (s, ct) => s.Store.TryReserveOptimisticAsync(s.Sku, s.Reservation, ct),
            cancellationToken);
        if (reply is not null)
        {
            return reply with { Strategy = "optimistic", Attempts = attempts };
        }

        if (!_options.CurrentValue.FallbackToPessimistic)
        {
            return new StockReply<ReservationView> { Error = StockError.Unavailable, Attempts = attempts, Strategy = "optimistic" };
        }

        _metrics.Fallback();
        return await PessimisticAsync(sku, reservation, attempts, cancellationToken);
    }

    /// <summary>
    /// A cart's sql lines in one transaction, with the single-line rules: the strategy from the
    /// header, the A/B split (by the cart's user) or the default; an optimistic conflict retries
    /// the whole cart and, when retries run out, falls back to pessimistic (or answers 503).
    /// </summary>
    public async Task<CartLinesReply> ReserveLinesAsync(IReadOnlyList<CartLineRequest> lines, string? strategy, CancellationToken cancellationToken)
    {
        if (EngineInput.RefuseLines(lines, strategy ?? "pessimistic") is { } refused)
        {
            return refused;
        }

        var now = Now();
        var sqlLines = lines.Select(l => new SqlCartLine(l.Sku, NewReservation.For(l.Request, now))).ToList();

        if (_selector.Select(strategy, lines[0].Request.UserId) == SqlStrategy.Pessimistic)
        {
            return await PessimisticLinesAsync(sqlLines, attemptsBefore: 0, cancellationToken);
        }

        var (reply, attempts) = await OptimisticAsync(
            (Store: _cartLines, Lines: sqlLines),
            static (s, ct) => s.Store.TryReserveOptimisticAsync(s.Lines, ct),
            cancellationToken);
        if (reply is not null)
        {
            return reply with { Strategy = "optimistic", Attempts = attempts };
        }

        if (!_options.CurrentValue.FallbackToPessimistic)
        {
            return new CartLinesReply
            {
                FailedIndex = 0,
                Failure = new StockReply<ReservationView> { Error = StockError.Unavailable, Attempts = attempts, Strategy = "optimistic" },
                Strategy = "optimistic",
                Attempts = attempts,
            };
        }

        _metrics.Fallback();
        return await PessimisticLinesAsync(sqlLines, attempts, cancellationToken);
    }

    public Task<StockReply<ReservationView>> ConfirmAsync(string sku, string reservationId, string? owner, string? actor, CancellationToken cancellationToken) =>
        EngineInput.IsReservationId(sku, reservationId)
            ? _store.CompleteAsync(sku, reservationId, ReservationStatus.Confirmed, owner, actor, Now(), cancellationToken)
            : Task.FromResult(EngineInput.Invalid<ReservationView>());

    public Task<StockReply<ReservationView>> CancelAsync(string sku, string reservationId, string? owner, string? actor, CancellationToken cancellationToken) =>
        EngineInput.IsReservationId(sku, reservationId)
            ? _store.CompleteAsync(sku, reservationId, ReservationStatus.Cancelled, owner, actor, Now(), cancellationToken)
            : Task.FromResult(EngineInput.Invalid<ReservationView>());

    /// <summary>Served pessimistically whatever the strategy (see <see cref="SqlAdjustmentStore"/>).</summary>
    public Task<StockReply<ProductView>> AdjustAsync(string sku, StockAdjustment adjustment, CancellationToken cancellationToken) =>
        IsAdjustment(sku, adjustment)
            ? _adjustments.AdjustAsync(sku, adjustment, Now(), cancellationToken)
            : Task.FromResult(EngineInput.Invalid<ProductView>());

    public Task<StockReply<ProductView>> UpdateSettingsAsync(string sku, ProductSettingsChange change, CancellationToken cancellationToken) =>
        TextRules.IsSku(sku) ? _settings.UpdateAsync(sku, change, Now(), cancellationToken) : Task.FromResult(EngineInput.Invalid<ProductView>());

    public Task<StockReply<HistoryPage>> GetHistoryAsync(string sku, long afterVersion, int limit, CancellationToken cancellationToken) =>
        TextRules.IsSku(sku) && afterVersion >= 0 && limit > 0
            ? _history.ReadAsync(sku, afterVersion, limit, cancellationToken)
            : Task.FromResult(EngineInput.Invalid<HistoryPage>());

    public Task<StockReply<ReservationView>> GetReservationAsync(string sku, string reservationId, string? owner, CancellationToken cancellationToken) =>
        EngineInput.IsReservationId(sku, reservationId)
            ? _store.GetReservationAsync(sku, reservationId, owner, cancellationToken)
            : Task.FromResult(EngineInput.Invalid<ReservationView>());

    private async Task<StockReply<ReservationView>> PessimisticAsync(string sku, NewReservation reservation, int attemptsBefore, CancellationToken cancellationToken)
    {
        _metrics.Attempt(SqlStrategy.Pessimistic);
        var reply = await _store.ReservePessimisticAsync(sku, reservation, cancellationToken);
        return reply with { Strategy = "pessimistic", Attempts = attemptsBefore + 1 };
    }

    private async Task<CartLinesReply> PessimisticLinesAsync(IReadOnlyList<SqlCartLine> lines, int attemptsBefore, CancellationToken cancellationToken)
    {
        _metrics.Attempt(SqlStrategy.Pessimistic);
        var reply = await _cartLines.ReservePessimisticAsync(lines, cancellationToken);
        return reply with { Strategy = "pessimistic", Attempts = attemptsBefore + 1 };
    }

    /// <summary>
    /// Runs optimistic tries through the retry pipeline, counting attempts and conflicts; the
    /// result is null when every try lost to another writer.
    /// </summary>
    private async Task<(T? Result, int Attempts)> OptimisticAsync<T, TState>(
        TState state, Func<TState, CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
        where T : class
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var result = await _optimisticRetry.ExecuteAsync(
                static async (ctx, s) =>
                {
                    var attempts = ctx.Properties.GetValue(AttemptsKey, 0) + 1;
                    ctx.Properties.Set(AttemptsKey, attempts);
                    s.Engine._metrics.Attempt(SqlStrategy.Optimistic);
                    try
                    {
                        var value = await s.attempt(s.state, ctx.CancellationToken);
                        s.Engine._conflicts.Record(conflict: false);
                        return value;
                    }
                    catch (OptimisticConflictException)
                    {
                        s.Engine._metrics.Conflict(SqlStrategy.Optimistic);
                        s.Engine._conflicts.Record(conflict: true);
                        throw;
                    }
                },
                context,
                (Engine: this, attempt, state));
            return (result, context.Properties.GetValue(AttemptsKey, 1));
        }
        catch (OptimisticConflictException)
        {
            return (null, context.Properties.GetValue(AttemptsKey, 1));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline BuildRetry(SqlEngineOptions options)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<OptimisticConflictException>(),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                OnRetry = _ =>
                {
                    _metrics.Retry(SqlStrategy.Optimistic);
                    return default;
                },
            });
        }

        return builder.Build();
    }

    // What the API validates, checked again before anything is written: a zero delta, a negative on hand or a
    // reason storage must not hold is a refusal, never a failed write.
    private static bool IsAdjustment(string sku, StockAdjustment a) =>
        TextRules.IsSku(sku)
        && (a.Mode == AdjustmentMode.Delta ? a.Amount != 0 : a.Amount >= 0)
        && !string.IsNullOrWhiteSpace(a.Reason) && TextRules.IsClean(a.Reason)
        && TextRules.IsIdempotencyKeyOrNone(a.IdempotencyKey);

    private DateTime Now() => _time.UtcNowToMillisecond();
}
