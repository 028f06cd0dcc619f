using System.ComponentModel.DataAnnotations;

namespace Orleans.Stock.Transport;

/// <summary>
/// Mutual TLS between silos and from the API's clients to the silos' gateways (section <c>Silo:Tls</c> on a
/// silo, <c>Orleans:Tls</c> on the API). Every member presents a certificate issued by one private CA and
/// accepts only certificates issued by it: silos are dialled by IP address, so the CA, not a host name, is
/// what proves a peer belongs to the cluster.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string SiloSection = "Silo:Tls";
    public const string ClientSection = "Orleans:Tls";

    public bool Enabled { get; set; }

    /// <summary>This member's certificate: a PKCS#12 file (with <see cref="CertificatePassword"/>), or PEM with <see cref="KeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The CA certificate (PEM or DER) every member's certificate must chain to.</summary>
    public string? CaCertificatePath { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
