using System.Security.Cryptography;
using System.Text;

namespace Orleans.Stock.Api.Access;

/// <summary>
/// Secrets are 32 random bytes, so an unsalted SHA-256 is enough to store them: nothing to guess
/// from the hash, and a look-up by hash needs no scan.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "sk_";

    public static string New() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string NewId() => Guid.CreateVersion7().ToString("N");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
