using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Carts;

/// <summary>The cart coordinator's timings (section <c>Stock:Carts</c>).</summary>
public sealed class CartOptions
{
    public const string Section = "Stock:Carts";

    /// <summary>
    /// How long a coordinator's claim on a cart lasts without renewal (it renews every third of
    /// it while it works). After it lapses, a recovery takes the cart over: this bounds how long
    /// a cart whose API died stays half-done.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the recovery looks for carts with a lapsed lease.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Carts one recovery pass takes at most.</summary>
    [Range(1, 10_000)]
    public int RecoveryBatch { get; set; } = 100;

    /// <summary>Carts a recovery pass finishes at once.</summary>
    [Range(1, 64)]
    public int RecoveryParallelism { get; set; } = 4;

    /// <summary>
    /// When a cart could not be finished (an engine unreachable), how long before it is tried again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a request waits for a cart that another request or the recovery is working on
    /// (a retry with the same Idempotency-Key, a confirm during a cancel) before answering 503.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan InProgressWait { get; set; } = TimeSpan.FromSeconds(10);
}
