namespace Orleans.Stock.Bench.Load;

/// <summary>One shopper's session, whatever it reserves; the load models decide only when sessions start.</summary>
public interface ISessionFlow
{
    /// <param name="startTimestamp">When the session was due: latency counts from here (no coordinated omission).</param>
    /// <param name="user">Which simulated user; any integer, folded into the user pool.</param>
    Task RunAsync(long startTimestamp, int user);
}
