using Orleans.Runtime.Messaging;
using Polly.Timeout;

namespace Orleans.Stock.Api.Engines;

/// <summary>
/// Failures of a grain call that mean "the silo or gateway behind it went away, or the answer was
/// lost on the way": the call may or may not have run, and a new attempt reaches a live silo once
/// membership has caught up. Only idempotent calls may be retried on them.
/// </summary>
public static class SiloLossFailure
{
    public static bool Is(Exception exception) => exception switch
    {
        // SiloUnavailableException is a rejection too: the target silo was declared dead.
        OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException => true,
        // No answer in time: from Orleans' response timeout or from our own per-attempt limit.
        TimeoutException or TimeoutRejectedException => true,
        OrleansException { InnerException: { } inner } => Is(inner),
        _ => false,
    };
}
