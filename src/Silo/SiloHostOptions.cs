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

    /// <summary>
    /// The address the silo-to-silo and gateway ports are bound to: loopback for scripts/run.sh, the host's
    /// own address (or <c>0.0.0.0</c> with <see cref="AdvertisedAddress"/>) when silos run on several hosts.
    /// </summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// The address written into the membership table, which other silos and the API's clients dial. Defaults
    /// to <see cref="ListenAddress"/>; required when that is an any-address. Kubernetes hosting sets it to the pod's IP.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Port of this silo's Prometheus <c>/metrics</c> on 127.0.0.1 (the grains' group-commit batch
    /// sizes, ledger appends, snapshots, .NET runtime); 0, the default, serves none.
    /// </summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; }

    /// <summary>Address of the metrics listener: loopback unless a scraper on another host reads it.</summary>
    public string MetricsAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Port of the silo's <c>/health/live</c> and <c>/health/ready</c> (for Kubernetes probes or a supervisor);
    /// 0, the default, serves none.
    /// </summary>
    [Range(0, 65535)]
    public int HealthPort { get; set; }

    /// <summary>Address of the health listener (<c>0.0.0.0</c> in a pod, so the kubelet reaches it).</summary>
    public string HealthAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Run under Kubernetes (<c>Microsoft.Orleans.Hosting.Kubernetes</c>): silo name, advertised address and
    /// cluster ids come from the pod (POD_NAME, POD_IP, POD_NAMESPACE and its <c>orleans/*</c> labels), and
    /// silos whose pods are gone are removed from membership at once.
    /// </summary>
    public bool Kubernetes { get; set; }
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
