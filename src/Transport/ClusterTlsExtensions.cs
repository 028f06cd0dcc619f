using Orleans.Connections.Security;

namespace Orleans.Stock.Transport;

/// <summary>Turns <see cref="ClusterTlsOptions"/> into Orleans' TLS on a silo (inbound and outbound) or a client.</summary>
public static class ClusterTlsExtensions
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterTlsOptions options)
    {
        if (!options.Enabled)
        {
            return silo;
        }

        var certificates = ClusterCertificates.Load(options);
        return silo.UseTls(certificates.Local, tls => Configure(tls, certificates, options));
    }

    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterTlsOptions options)
    {
        if (!options.Enabled)
        {
            return client;
        }

        var certificates = ClusterCertificates.Load(options);
        return client.UseTls(certificates.Local, tls => Configure(tls, certificates, options));
    }

    private static void Configure(TlsOptions tls, ClusterCertificates certificates, ClusterTlsOptions options)
    {
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Clients too must prove membership: a gateway open to any TLS client would take any caller's grain calls.
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = certificates.IsMember;
        tls.HandshakeTimeout = options.HandshakeTimeout;
    }
}
