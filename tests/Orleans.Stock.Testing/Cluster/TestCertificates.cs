using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Stock.Transport;

namespace Orleans.Stock.Tests.Cluster;

/// <summary>
/// A private CA and a member certificate it issued (server and client authentication), written to a temp
/// folder as the silo and the API read them: a PKCS#12 file and the CA in PEM.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private const string Password = "test-only";

    private TestCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public string CertificatePath => Path.Combine(Folder, "member.pfx");

    public string CaPath => Path.Combine(Folder, "ca.pem");

    public ClusterTlsOptions Options => new()
    {
        Enabled = true,
        CertificatePath = CertificatePath,
        CertificatePassword = Password,
        CaCertificatePath = CaPath,
    };

    /// <summary>The settings as environment variables under <paramref name="section"/> (<c>Silo__Tls</c>, <c>Orleans__Tls</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment(string section) => new Dictionary<string, string>
    {
        [$"{section}__Enabled"] = "true",
        [$"{section}__CertificatePath"] = CertificatePath,
        [$"{section}__CertificatePassword"] = Password,
        [$"{section}__CaCertificatePath"] = CaPath,
    };

    public static TestCertificates Create(string name)
    {
        var folder = Directory.CreateTempSubdirectory($"stock-tls-{name}-").FullName;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=Orleans.Stock test CA {name}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        using var memberKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var memberRequest = new CertificateRequest($"CN=orleans-stock-member-{name}", memberKey, HashAlgorithmName.SHA256);
        memberRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        memberRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        memberRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = memberRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        using var member = issued.CopyWithPrivateKey(memberKey);

        var certificates = new TestCertificates(folder);
        File.WriteAllBytes(certificates.CertificatePath, member.Export(X509ContentType.Pkcs12, Password));
        File.WriteAllText(certificates.CaPath, ca.ExportCertificatePem());
        return certificates;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
