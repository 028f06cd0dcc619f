using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Gateway;

/// <summary>The API instances behind the gateway and how their health is judged (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Base addresses of the API instances, e.g. <c>http://127.0.0.1:5081/</c>.</summary>
    [Required]
    [MinLength(1)]
    public List<Uri> Destinations { get; set; } = [];

    /// <summary>How often each instance's <c>/health/ready</c> is asked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A probe that takes longer counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed probes in a row that take an instance out of the rotation.</summary>
    [Range(1, 100)]
    public int FailedProbesToEject { get; set; } = 2;

    /// <summary>
    /// How long an instance that failed requests (passive health: connection refused, reset, timeout) stays
    /// out before it gets traffic again, unless a probe brings it back sooner.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ReactivationPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time a request may wait for an instance's answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
