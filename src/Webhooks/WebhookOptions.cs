using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Webhooks;

/// <summary>Webhook delivery (section <c>Stock:Webhooks</c>).</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Stock:Webhooks";

    /// <summary>How often an instance looks for webhooks with events to deliver and no live lease.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long an instance's claim on a webhook lasts without renewal (renewed every third of it while it
    /// delivers): how long a dead instance's webhooks wait before another instance takes them over.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Events read from the feed at once for one webhook. A batch is delivered (concurrently across SKUs)
    /// before the next is read, so it bounds how far one slow SKU lets the others run ahead.
    /// </summary>
    [Range(1, 5_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// POSTs in flight at once to one webhook, each for a different SKU (a SKU's next event waits for its
    /// previous one's 2xx).
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>Webhooks one instance delivers to at once.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrentWebhooks { get; set; } = 16;

    /// <summary>How long a receiver has to answer; only a 2xx within it counts as delivered.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry's delay; each next one doubles (with jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How old an event may get while its delivery keeps failing before it is dropped (counted in the
    /// webhook's state) and delivery moves on. docs/api.md promises at least 24 h.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "30.00:00:00")]
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromHours(72);

    /// <summary>
    /// Optional: base64 of 32 bytes. When set, signing secrets are stored sealed with it (AES-GCM), so a
    /// copy of the database alone cannot sign as this service. Changing it makes existing webhooks unusable.
    /// </summary>
    public string? SecretKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < RetryBaseDelay)
        {
            yield return new ValidationResult("MaxRetryDelay must be at least RetryBaseDelay.", [nameof(MaxRetryDelay)]);
        }

        if (SecretKey is not null && SecretSealer.KeyOf(SecretKey) is null)
        {
            yield return new ValidationResult("SecretKey must be base64 of 32 bytes.", [nameof(SecretKey)]);
        }
    }
}
