using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Events.Stamping;

/// <summary>How the stamper numbers committed outbox rows (section <c>Stock:Events</c>).</summary>
public sealed class EventStampingOptions
{
    public const string Section = "Stock:Events";

    /// <summary>
    /// How often an instance tries to stamp. Bounds how long a committed event waits before the feed
    /// (and so the webhooks) can see it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan StampInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Rows one stamping statement numbers at most, so one transaction stays short under a backlog.</summary>
    [Range(1, 100_000)]
    public int StampBatchSize { get; set; } = 5_000;
}
