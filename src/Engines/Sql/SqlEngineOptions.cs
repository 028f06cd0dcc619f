using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Engines.Sql;

/// <summary>
/// The guide's settings for the sql engine (section <c>Stock:Sql</c>): the
/// <c>USE_OPTIMISTIC_LOCKING</c> switch, <c>MAX_RETRY_COUNT</c>, <c>RETRY_DELAY_BASE</c>, the A/B split,
/// the fallback and the conflict-rate warning.
/// </summary>
public sealed class SqlEngineOptions : IValidatableObject
{
    public const string Section = "Stock:Sql";

    /// <summary>Strategy of requests that neither name one nor fall in the A/B split.</summary>
    public SqlStrategy DefaultStrategy { get; set; } = SqlStrategy.Pessimistic;

    /// <summary>
    /// When set, the share of users (0-100, by a stable hash of <c>userId</c>) served optimistically;
    /// everyone else is served pessimistically. The guide's experiment used 30.
    /// </summary>
    [Range(0, 100)]
    public int? OptimisticSharePercent { get; set; }

    /// <summary>Retries after an optimistic conflict (the guide's <c>MAX_RETRY_COUNT</c>).</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// Base of the jittered exponential backoff. The guide's 0.1 s suits a Django worker; a
    /// PostgreSQL row conflict clears in about a millisecond.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Serve a request pessimistically when optimistic retries run out (else 503).</summary>
    public bool FallbackToPessimistic { get; set; } = true;

    /// <summary>Conflict rate above which a warning is logged (the guide's 15 %).</summary>
    [Range(0.0, 1.0)]
    public double ConflictWarningThreshold { get; set; } = 0.15;

    /// <summary>Sliding window over which the conflict rate is computed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ConflictWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the sweeper looks for expired reservations (docs/api.md promises 2 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:01.500")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Reservations expired per sweep transaction.</summary>
    [Range(1, 100_000)]
    public int ExpirySweepBatch { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(DefaultStrategy))
        {
            yield return new ValidationResult($"Unknown strategy {DefaultStrategy}.", [nameof(DefaultStrategy)]);
        }
    }
}
