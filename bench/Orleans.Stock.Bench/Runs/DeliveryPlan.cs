namespace Orleans.Stock.Bench.Runs;

/// <summary>
/// A run that also receives its events by webhook: the receiver's port, how long to wait after the load
/// for the last events, and the server's two intervals that bound the lag, as the run was told them.
/// </summary>
public sealed record DeliveryPlan(int Port, TimeSpan Wait, TimeSpan? StampInterval, TimeSpan? PollInterval)
{
    /// <summary>The one event type subscribed to: one per acknowledged reservation, none for a refused one.</summary>
    public const string EventType = "reservation.created";
}
