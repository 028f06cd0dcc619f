using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Events.Retention;

/// <summary>How long delivered events stay in the feed (section <c>Stock:Events</c>).</summary>
public sealed class EventRetentionOptions
{
    public const string Section = "Stock:Events";

    /// <summary>
    /// Events older than this, and delivered to every webhook, are deleted: a feed consumer that stores its
    /// cursor may be away this long without missing anything.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan RetainFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often retention runs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows one delete removes at most, so it never holds many locks for long.</summary>
    [Range(1, 1_000_000)]
    public int RetentionBatchSize { get; set; } = 10_000;
}
