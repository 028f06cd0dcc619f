using Microsoft.Extensions.Options;
using Orleans.Stock.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Stock.Engines.Grain;

/// <summary>
/// Runs an idempotent grain call and, when it fails because its silo died (or a grain answers
/// <see cref="StockError.Unavailable"/>, meaning its write may or may not have committed), tries
/// again with back-off until the budget of <see cref="GrainRetryOptions"/> is spent. Membership
/// declares the dead silo dead within a few seconds and the grain reactivates on a live silo
/// from its ledger, so the client sees a slower answer instead of a 5xx. When the budget runs
/// out the endpoint answers 503 as before: from the last unavailable reply, or from a
/// <see cref="TimeoutException"/>. Failures that say nothing about a silo loss (a bug, a refusal)
/// are never retried.
/// </summary>
public sealed partial class GrainCallRetry
{
    private static readonly ResiliencePropertyKey<bool> RetriedKey = new("stock.retried");
    private static readonly ResiliencePropertyKey<object?> LastReplyKey = new("stock.last-reply");

    private readonly ResiliencePipeline _pipeline;
    private readonly GrainRetryMetrics _metrics;
    private readonly ILogger<GrainCallRetry> _logger;

    public GrainCallRetry(IOptions<GrainRetryOptions> options, GrainRetryMetrics metrics, ILogger<GrainCallRetry> logger, TimeProvider time)
    {
        _metrics = metrics;
        _logger = logger;
        var o = options.Value;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            // Outermost: the whole call, retries and back-off included, is bounded.
            .AddTimeout(o.Budget)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => ValueTask.FromResult(IsRetryable(args.Outcome)),
                // The budget, not a count, ends the retries.
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.BaseDelay,
                MaxDelay = o.MaxDelay,
                OnRetry = OnRetryAsync,
            })
            .AddTimeout(o.AttemptTimeout)
            .Build();
    }

    /// <summary>Runs <paramref name="call"/>, which is told whether an earlier attempt may have run.</summary>
    public async Task<StockReply<T>> ExecuteAsync<T, TState>(
        string operation, TState state, Func<TState, bool, CancellationToken, Task<StockReply<T>>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, s) =>
                {
                    try
                    {
                        var retried = ctx.Properties.GetValue(RetriedKey, false);
                        return Outcome.FromResult(await s.call(s.state, retried, ctx.CancellationToken));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<StockReply<T>>(ex);
                    }
                },
                context,
                (call, state));

            if (outcome.Exception is TimeoutRejectedException timeout && !cancellationToken.IsCancellationRequested)
            {
                _metrics.Exhausted(operation);
                // The budget ran out while waiting to retry an unavailable reply: that reply stands.
                // Otherwise hand the endpoint a TimeoutException, which its exception handler answers
                // with 503 unavailable (Polly's own exception type it does not know).
                return context.Properties.GetValue(LastReplyKey, null) as StockReply<T>
                    ?? throw new TimeoutException($"The {operation} call did not succeed within its retry budget.", timeout);
            }

            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static bool IsRetryable(Outcome<object> outcome) => outcome switch
    {
        { Exception: { } exception } => TransientFailure.IsSiloLoss(exception),
        { Result: StockReply<ProductView> { Error: StockError.Unavailable } } => true,
        { Result: StockReply<ReservationView> { Error: StockError.Unavailable } } => true,
        _ => false,
    };

    private ValueTask OnRetryAsync(OnRetryArguments<object> args)
    {
        args.Context.Properties.Set(RetriedKey, true);
        args.Context.Properties.Set(LastReplyKey, args.Outcome.Result);
        var operation = args.Context.OperationKey ?? "grain";
        var reason = args.Outcome.Exception?.GetType().Name ?? nameof(StockError.Unavailable);
        _metrics.Retried(operation, reason);
        LogRetry(operation, args.AttemptNumber + 1, reason, args.RetryDelay.TotalMilliseconds);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain call {Operation} failed ({Reason}); attempt {Attempt} in {DelayMs} ms.")]
    private partial void LogRetry(string operation, int attempt, string reason, double delayMs);
}
