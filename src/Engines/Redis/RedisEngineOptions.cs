using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Engines.Redis;

/// <summary>
/// The redis engine's settings (section <c>Stock:Redis</c>): the guide's <c>REDIS_SYNC_INTERVAL</c>,
/// how much the write-behind takes per transaction, the expiry sweep and how long Redis keeps what
/// PostgreSQL already holds.
/// </summary>
public sealed class RedisEngineOptions : IValidatableObject
{
    public const string Section = "Stock:Redis";

    /// <summary>How often the change stream is written behind to PostgreSQL (the guide used 60 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Changes applied per PostgreSQL transaction; a tick drains the stream batch by batch.</summary>
    [Range(1, 100_000)]
    public int SyncBatchSize { get; set; } = 2_000;

    /// <summary>How often due reservations are released (docs/api.md promises 2 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:01.500")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Reservations one sweep script releases for one SKU (bounds how long it holds Redis).</summary>
    [Range(1, 100_000)]
    public int ExpirySweepBatch { get; set; } = 1_000;

    /// <summary>How long an Idempotency-Key is remembered in Redis (docs/api.md: at least 24 h).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "30.00:00:00")]
    public TimeSpan IdempotencyKeyTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a confirmed, cancelled or expired reservation stays in Redis; older ones are read
    /// from PostgreSQL. At least <see cref="IdempotencyKeyTtl"/>, so a replay always finds its reservation.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromHours(25);

    /// <summary>
    /// How long a request waits for the engine to reconcile Redis with PostgreSQL (at start-up and
    /// after Redis comes back) before it is answered 503.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RecoveryWait { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CompletedRetention < IdempotencyKeyTtl)
        {
            yield return new ValidationResult(
                $"{nameof(CompletedRetention)} must be at least {nameof(IdempotencyKeyTtl)}: a replay must find the reservation its key names.",
                [nameof(CompletedRetention), nameof(IdempotencyKeyTtl)]);
        }
    }
}
