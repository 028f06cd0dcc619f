using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// The guide's Redis path behind the HTTP contract: every change is one Lua script in Redis,
/// acknowledged as soon as Redis has run it and written behind to PostgreSQL by
/// <see cref="RedisSyncWorker"/>. As durable as Redis's own persistence until the sync has run.
/// A cart's redis lines are one script too (<see cref="ICartLineEngine"/>).
/// </summary>
public sealed partial class RedisStockEngine(
    RedisStockStore store,
    RedisProductLoader loader,
    RedisProductMirror mirror,
    RedisRecoveryGate gate,
    TimeProvider time,
    IOptions<RedisEngineOptions> options,
    ILogger<RedisStockEngine> logger) : IStockEngine, ICartLineEngine
{
    public const string EngineName = "redis";

    /// <summary>docs/api.md: a delta and a set on hand are within 1,000,000,000.</summary>
    private const long MaxAdjustment = 1_000_000_000;

    private const int MaxReasonLength = 200;

    public string Name => EngineName;

    public IReadOnlyCollection<string> Strategies { get; } = [EngineName];

    public async Task<StockReply<ProductView>> CreateAsync(string sku, NewProduct product, CancellationToken cancellationToken)
    {
        if (!EngineInput.IsProduct(sku, product.Name))
        {
            return EngineInput.Invalid<ProductView>();
        }

        // The catalog decides who owns the SKU, so PostgreSQL comes first; Redis is then told.
        var created = await mirror.CreateAsync(sku, product, Now(), cancellationToken);
        if (created is null)
        {
            return new StockReply<ProductView> { Error = StockError.ProductExists };
        }

        try
        {
            await loader.CreateAsync(created);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            // Created durably all the same: the first request that finds it missing loads it.
            LogCreateNotLoaded(ex, sku);
        }

        return new StockReply<ProductView> { Value = created };
    }

    public Task<StockReply<ProductView>> GetAsync(string sku, CancellationToken cancellationToken) =>
        RunAsync(sku, store.ReadProductAsync, cancellationToken);

    public Task<StockReply<ProductView>> RestockAsync(string sku, long quantity, string? actor, CancellationToken cancellationToken) =>
        RunAsync(sku, s => store.RestockAsync(s, quantity, actor, Now()), cancellationToken);

    public async Task<StockReply<ReservationView>> ReserveAsync(string sku, ReserveRequest request, string? strategy, CancellationToken cancellationToken)
    {
        if (!EngineInput.IsReservation(sku, request))
        {
            // Refused before the script: a change the write-behind cannot store never enters the stream.
            return EngineInput.Invalid<ReservationView>() with { Strategy = EngineName };
        }

        var reservation = NewReservation(request, Now());
        var reply = await RunAsync(sku, s => store.ReserveAsync(s, reservation), cancellationToken, (s, answer) => ReplayFromPostgresAsync(s, answer, cancellationToken));
        return reply with { Strategy = EngineName };
    }

    /// <summary>
    /// The cart's redis lines in one script: all taken, or nothing written and the first failing
    /// line's refusal. A product Redis lacks is loaded and the script run again, once per line at
    /// most. A Redis failure propagates: the script may have run, so the coordinator treats every
    /// line as unknown and compensates by key.
    /// </summary>
    public async Task<CartLinesReply> ReserveLinesAsync(IReadOnlyList<CartLineRequest> lines, string? strategy, CancellationToken cancellationToken)
    {
        if (EngineInput.RefuseLines(lines, EngineName) is { } refused)
        {
            return refused;
        }

        if (!await gate.WaitOpenAsync(options.Value.RecoveryWait, cancellationToken))
        {
            return Refused(0, new StockReply<ReservationView> { Error = StockError.Unavailable, Strategy = EngineName });
        }

        var now = Now();
        var reservations = lines.Select(l => (l.Sku, NewReservation(l.Request, now))).ToList();
        // Each pass loads at most one product, so every line may need one load before the last pass.
        for (var pass = 0; pass <= lines.Count; pass++)
        {
            var answer = await store.ReserveLinesAsync(reservations);
            if (answer.IsSuccess)
            {
                return await TakenAsync(lines, answer.Lines!, cancellationToken);
            }

            if (answer.Failure.Lookup != RedisLookup.ProductMissing)
            {
                return Refused(answer.FailedIndex, answer.Failure.Reply with { Strategy = EngineName });
            }

            if (!await loader.LoadMissingAsync(lines[answer.FailedIndex].Sku))
            {
                return Refused(answer.FailedIndex, new StockReply<ReservationView> { Error = StockError.ProductNotFound, Strategy = EngineName });
            }
        }

        // Products keep vanishing right after their load (flushes in between): nothing was written, let the client retry.
        return Refused(0, new StockReply<ReservationView> { Error = StockError.Unavailable, Strategy = EngineName });
    }

    public Task<StockReply<ReservationView>> ConfirmAsync(string sku, string reservationId, string? owner, string? actor, CancellationToken cancellationToken) =>
        CompleteAsync(sku, reservationId, ReservationStatus.Confirmed, owner, actor, cancellationToken);

    public Task<StockReply<ReservationView>> CancelAsync(string sku, string reservationId, string? owner, string? actor, CancellationToken cancellationToken) =>
        CompleteAsync(sku, reservationId, ReservationStatus.Cancelled, owner, actor, cancellationToken);

    public Task<StockReply<ProductView>> AdjustAsync(string sku, StockAdjustment adjustment, CancellationToken cancellationToken) =>
        !IsAdjustment(adjustment)
            ? Task.FromResult(EngineInput.Invalid<ProductView>())
            : RunAsync(sku, s => store.AdjustAsync(s, adjustment, Now()), cancellationToken);

    /// <summary>
    /// PostgreSQL first, under the product row's lock, then Redis before the commit: a product Redis
    /// lacks is loaded with the settings already written, and a Redis failure leaves PostgreSQL as it was.
    /// </summary>
    public async Task<StockReply<ProductView>> UpdateSettingsAsync(string sku, ProductSettingsChange change, CancellationToken cancellationToken)
    {
        if (!TextRules.IsSku(sku) || change.MaxPerUser is < 1 || change.LowStockThreshold is < 0)
        {
            return EngineInput.Invalid<ProductView>();
        }

        if (!await gate.WaitOpenAsync(options.Value.RecoveryWait, cancellationToken))
        {
            return new StockReply<ProductView> { Error = StockError.Unavailable };
        }

        var reply = await mirror.UpdateSettingsAsync(sku, change, () => RunAsync(sku, s => store.UpdateSettingsAsync(s, change), cancellationToken), cancellationToken);
        return reply ?? new StockReply<ProductView> { Error = StockError.ProductNotFound };
    }

    /// <summary>From <c>stock_movements</c>, so a change is there once the write-behind has run (within the sync interval).</summary>
    public async Task<StockReply<HistoryPage>> GetHistoryAsync(string sku, long afterVersion, int limit, CancellationToken cancellationToken)
    {
        if (!TextRules.IsSku(sku) || afterVersion < 0 || limit < 1)
        {
            return EngineInput.Invalid<HistoryPage>();
        }

        var items = await mirror.HistoryAsync(sku, afterVersion, limit, cancellationToken);
        return items is null
            ? new StockReply<HistoryPage> { Error = StockError.ProductNotFound }
            : new StockReply<HistoryPage> { Value = HistoryPage.From(items, limit) };
    }

    public async Task<StockReply<ReservationView>> GetReservationAsync(string sku, string reservationId, string? owner, CancellationToken cancellationToken)
    {
        if (!EngineInput.IsReservationId(sku, reservationId))
        {
            return EngineInput.Invalid<ReservationView>();
        }

        var reply = await RunAsync(sku, s => store.ReadReservationAsync(s, reservationId), cancellationToken, async (s, _) =>
        {
            var stored = await mirror.FindReservationAsync(s, reservationId, cancellationToken);
            return stored is null
                ? new StockReply<ReservationView> { Error = StockError.ReservationNotFound }
                : new StockReply<ReservationView> { Value = stored.ToView(s) };
        });
        // Another owner's reservation is answered exactly as an unknown one.
        return reply.Value is { } view && !ReservationOwner.Allows(owner, view.Owner)
            ? new StockReply<ReservationView> { Error = StockError.ReservationNotFound }
            : reply;
    }

    private Task<StockReply<ReservationView>> CompleteAsync(
        string sku, string reservationId, ReservationStatus target, string? owner, string? actor, CancellationToken cancellationToken) =>
        !EngineInput.IsReservationId(sku, reservationId) ? Task.FromResult(EngineInput.Invalid<ReservationView>()) : RunAsync(sku, s => store.CompleteAsync(s, reservationId, target, owner, actor, Now()), cancellationToken, async (s, _) =>
        {
            // Completed longer ago than the retention, so only PostgreSQL has it: the repeat rules apply.
            var stored = await mirror.FindReservationAsync(s, reservationId, cancellationToken);
            if (stored is null || !ReservationOwner.Allows(owner, stored.Owner))
            {
                return new StockReply<ReservationView> { Error = StockError.ReservationNotFound };
            }

            if (stored.Status == ReservationStatus.Pending)
            {
                // Pending in PostgreSQL yet absent from a Redis that holds the product: never acted on blindly.
                LogPendingOnlyInPostgres(s, reservationId);
                return new StockReply<ReservationView> { Error = StockError.Unavailable };
            }

            return stored.Status == target
                ? new StockReply<ReservationView> { Value = stored.ToView(s) }
                : new StockReply<ReservationView> { Error = StockError.ReservationNotPending, Status = stored.Status };
        });

    /// <summary>
    /// Runs one script for the SKU once Redis is reconciled; loads the product from PostgreSQL and
    /// runs it again if Redis lacks it; asks <paramref name="fromPostgres"/> when Redis lacks the
    /// reservation. Redis unreachable or not ready is a 503 the client may retry.
    /// </summary>
    private async Task<StockReply<T>> RunAsync<T>(
        string sku,
        Func<string, Task<RedisAnswer<T>>> script,
        CancellationToken cancellationToken,
        Func<string, RedisAnswer<T>, Task<StockReply<T>>>? fromPostgres = null)
    {
        if (!TextRules.IsSku(sku))
        {
            return EngineInput.Invalid<T>();
        }

        if (!await gate.WaitOpenAsync(options.Value.RecoveryWait, cancellationToken))
        {
            return new StockReply<T> { Error = StockError.Unavailable };
        }

        try
        {
            var answer = await script(sku);
            if (answer.Lookup == RedisLookup.ProductMissing)
            {
                if (!await loader.LoadMissingAsync(sku))
                {
                    return new StockReply<T> { Error = StockError.ProductNotFound };
                }

                answer = await script(sku);
            }

            return answer.Lookup switch
            {
                RedisLookup.Found => answer.Reply,
                RedisLookup.ReservationMissing when fromPostgres is not null => await fromPostgres(sku, answer),
                // Gone again right after the load (a flush in between): let the client retry.
                _ => new StockReply<T> { Error = StockError.Unavailable },
            };
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            LogRedisUnavailable(ex, sku);
            return new StockReply<T> { Error = StockError.Unavailable };
        }
    }

    private async Task<CartLinesReply> TakenAsync(
        IReadOnlyList<CartLineRequest> lines, IReadOnlyList<RedisAnswer<ReservationView>> answers, CancellationToken cancellationToken)
    {
        var views = new ReservationView[answers.Count];
        for (var i = 0; i < answers.Count; i++)
        {
            var reply = answers[i].Lookup == RedisLookup.ReservationMissing
                ? await ReplayFromPostgresAsync(lines[i].Sku, answers[i], cancellationToken)
                : answers[i].Reply;
            // The other lines are taken already, so this is no refusal: their outcome must stay
            // unknown to the coordinator, which then compensates them by key.
            views[i] = reply.Value ?? throw new InvalidOperationException(
                $"Line {lines[i].Sku} of a cart replays a reservation that neither Redis nor PostgreSQL holds.");
        }

        return new CartLinesReply { Reservations = views, Strategy = EngineName };
    }

    /// <summary>A replay whose reservation Redis no longer keeps: PostgreSQL has it.</summary>
    private async Task<StockReply<ReservationView>> ReplayFromPostgresAsync(string sku, RedisAnswer<ReservationView> answer, CancellationToken cancellationToken)
    {
        var stored = await mirror.FindReservationAsync(sku, answer.Reply.Value!.ReservationId, cancellationToken);
        return stored is null
            ? new StockReply<ReservationView> { Error = StockError.Unavailable }
            : new StockReply<ReservationView> { Value = stored.ToView(sku), Replayed = true };
    }

    /// <summary>The contract's bounds, checked again: a value Redis or PostgreSQL cannot hold is a refusal, never a failed write.</summary>
    private static bool IsAdjustment(StockAdjustment a) =>
        !string.IsNullOrWhiteSpace(a.Reason) && TextRules.IsClean(a.Reason) && a.Reason.Length <= MaxReasonLength
        && TextRules.IsClean(a.Actor) && TextRules.IsIdempotencyKeyOrNone(a.IdempotencyKey)
        && (a.Mode == AdjustmentMode.Delta
            ? a.Amount is not 0 and >= -MaxAdjustment and <= MaxAdjustment && a.Expected is null or >= 0
            : a.Amount is >= 0 and <= MaxAdjustment && a.Expected is null or >= 0);

    private static CartLinesReply Refused(int index, StockReply<ReservationView> failure) =>
        new() { FailedIndex = index, Failure = failure, Strategy = EngineName };

    private static NewReservation NewReservation(ReserveRequest request, DateTime now) => Engines.NewReservation.For(request, now);

    private DateTime Now() => time.UtcNowToMillisecond();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Product {Sku} is created in PostgreSQL but Redis could not be told; it is loaded on first use.")]
    private partial void LogCreateNotLoaded(Exception ex, string sku);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable or not ready; answering 503 for {Sku}.")]
    private partial void LogRedisUnavailable(Exception ex, string sku);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservation {ReservationId} of {Sku} is pending in PostgreSQL but absent from Redis; answering 503.")]
    private partial void LogPendingOnlyInPostgres(string sku, string reservationId);
}
