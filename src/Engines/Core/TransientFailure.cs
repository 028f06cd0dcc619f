using Npgsql;
using Orleans.Runtime.Messaging;
using Polly.Timeout;

namespace Orleans.Stock.Engines;

/// <summary>
/// The one rule for which failures are transient: the storage, the cluster or an answer on the way
/// went missing, nothing was acknowledged, and the client may try again (HTTP 503 with Retry-After).
/// </summary>
public static class TransientFailure
{
    /// <summary>A failure the caller may retry later: answered 503, never 500.</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        _ when IsSiloLoss(exception) => true,
        SiloUnavailableException or NpgsqlException => true,
        OrleansException { InnerException: { } inner } => IsUnavailable(inner),
        _ => false,
    };

    /// <summary>
    /// A grain call interrupted because the silo or gateway behind it went away, or its answer was
    /// lost: the call may or may not have run, and a new attempt reaches a live silo once membership
    /// has caught up. Only idempotent calls may be retried on it.
    /// </summary>
    public static bool IsSiloLoss(Exception exception) => exception switch
    {
        // SiloUnavailableException is a rejection too: the target silo was declared dead.
        OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException => true,
        // No answer in time: from Orleans' response timeout or from our own per-attempt limit.
        TimeoutException or TimeoutRejectedException => true,
        OrleansException { InnerException: { } inner } => IsSiloLoss(inner),
        _ => false,
    };
}
