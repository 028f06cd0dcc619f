using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Grains.Stock;

/// <summary>Tuning of the stock grain's write loop, snapshots and expiry (section <c>Stock:Grain</c>).</summary>
public sealed class StockGrainOptions
{
    public const string Section = "Stock:Grain";

    /// <summary>Most commands decided and appended in one transaction.</summary>
    [Range(1, 100_000)]
    public int MaxBatchCommands { get; set; } = 1_000;

    /// <summary>Most ledger events appended in one transaction (bounds an expiry sweep's batch).</summary>
    [Range(1, 100_000)]
    public int MaxBatchEvents { get; set; } = 2_000;

    /// <summary>
    /// Events between snapshots. The effective interval is at least the number of pending
    /// reservations, so a snapshot's O(state) cost stays O(1) per event on a deep backlog.
    /// </summary>
    [Range(1, 10_000_000)]
    public int SnapshotEvery { get; set; } = 1_000;

    /// <summary>
    /// How long after the earliest pending expiry an active grain wakes to release what is due, so that
    /// reservations expiring close together go in one batch (docs/api.md promises the release within 2 s).
    /// The grain's timer is armed only while something is pending: an idle activation never wakes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01.500")]
    public TimeSpan ExpirySlack { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Period of the durable reminder that wakes a deactivated grain with pending reservations.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ExpiryReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Most finished reservations the silo keeps in memory, over all its stock grains together, to answer
    /// repeated confirms, cancels, reads and replays without a ledger read (about 650 bytes each); the
    /// ledger answers for the others exactly as well. 0: none are kept.
    /// </summary>
    [Range(0, 10_000_000)]
    public int FinishedCapacity { get; set; } = 100_000;

    /// <summary>How long the silo keeps a finished reservation in memory at most (see <see cref="FinishedCapacity"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Re-reads after a ledger conflict before the batch is answered 503.</summary>
    [Range(0, 10)]
    public int ConflictRetries { get; set; } = 3;

    /// <summary>
    /// Whether each group commit also writes its outbox rows (<c>stock_events</c>, the event feed and webhooks).
    /// Off only to measure what the outbox costs: with it off no event is ever written for these changes.
    /// </summary>
    public bool WriteEvents { get; set; } = true;
}
