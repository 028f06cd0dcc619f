using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Silo;

/// <summary>Where this silo listens and which cluster it joins (section <c>Silo</c>).</summary>
public sealed class SiloHostOptions
{
    public const string Section = "Silo";

    [Required]
    public string ClusterId { get; set; } = "orleans-stock";

    [Required]
    public string ServiceId { get; set; } = "orleans-stock";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Port of this silo's Prometheus <c>/metrics</c> on 127.0.0.1 (the grains' group-commit batch
    /// sizes, ledger appends, snapshots, .NET runtime); 0, the default, serves none.
    /// </summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; }

    /// <summary>
    /// How long a SIGTERM may take to drain the silo: the gateway turns clients away, running
    /// requests finish and every activation deactivates, so its grains reactivate elsewhere
    /// without waiting for a failure detector. Orleans normally needs a second or two; the bound
    /// only stops a wedged silo from hanging its supervisor (scripts/run.sh waits longer).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest time a silo's PostgreSQL session may stay idle inside a transaction before the server
    /// ends it (see <see cref="SiloPostgresSessions"/>). Ledger transactions are never idle for more
    /// than milliseconds; this bounds how long a frozen silo can block its successor.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
