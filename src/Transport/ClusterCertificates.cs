using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Stock.Transport;

/// <summary>Loads the member's certificate and the cluster CA, and judges a peer's certificate against that CA alone.</summary>
public sealed class ClusterCertificates
{
    private ClusterCertificates(X509Certificate2 local, X509Certificate2 authority)
    {
        Local = local;
        Authority = authority;
    }

    public X509Certificate2 Local { get; }

    public X509Certificate2 Authority { get; }

    public static ClusterCertificates Load(ClusterTlsOptions options)
    {
        var certificatePath = options.CertificatePath ?? throw new InvalidOperationException("TLS is enabled but no CertificatePath is set.");
        var caPath = options.CaCertificatePath ?? throw new InvalidOperationException("TLS is enabled but no CaCertificatePath is set.");
        var local = options.KeyPath is { } keyPath
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, options.CertificatePassword);
        if (!local.HasPrivateKey)
        {
            throw new InvalidOperationException($"The certificate {certificatePath} has no private key.");
        }

        // PKCS#12 keys must be exportable-through-reload on Linux for SslStream; a PEM pair is re-imported for the same reason.
        local = X509CertificateLoader.LoadPkcs12(local.Export(X509ContentType.Pkcs12), null);
        return new ClusterCertificates(local, X509CertificateLoader.LoadCertificateFromFile(caPath));
    }

    /// <summary>
    /// A peer is trusted when its chain ends at the cluster CA, whatever the machine's own trust store says;
    /// the name is not checked (peers are addressed by IP), which is why the CA must issue only to members.
    /// </summary>
    public bool IsMember(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate) && chain.ChainElements[^1].Certificate.Thumbprint == Authority.Thumbprint;
    }
}
