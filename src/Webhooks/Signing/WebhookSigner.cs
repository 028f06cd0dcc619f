using System.Security.Cryptography;
using System.Text;

namespace Orleans.Stock.Webhooks.Signing;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64 of HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, keyed
/// with the secret's decoded bytes. <see cref="Verify"/> is the receiver's check, used by the tests.
/// </summary>
public static class WebhookSigner
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const string Version = "v1,";

    public static string Sign(byte[] key, string id, long timestamp, string body) =>
        Version + Convert.ToBase64String(Mac(key, id, timestamp, body));

    /// <summary>
    /// Whether one of the space-separated signatures of <paramref name="signatureHeader"/> is this body's,
    /// compared in constant time.
    /// </summary>
    public static bool Verify(byte[] key, string id, long timestamp, string body, string signatureHeader)
    {
        var expected = Mac(key, id, timestamp, body);
        foreach (var signature in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!signature.StartsWith(Version, StringComparison.Ordinal))
            {
                continue;
            }

            var buffer = new byte[expected.Length + 3];
            if (Convert.TryFromBase64String(signature[Version.Length..], buffer, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(buffer.AsSpan(0, written), expected))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Mac(byte[] key, string id, long timestamp, string body) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(FormattableString.Invariant($"{id}.{timestamp}.{body}")));
}
