using System.Security.Cryptography;
using System.Text;

namespace Orleans.Stock.Bench.Delivery;

/// <summary>
/// The receiver's side of Standard Webhooks, as docs/api.md states it: <c>webhook-signature</c> holds
/// <c>v1,</c> + base64(HMAC-SHA256(K, <c>{webhook-id}.{webhook-timestamp}.{body}</c>)), one or more
/// separated by spaces, K being the secret without <c>whsec_</c>, base64-decoded.
/// </summary>
public static class SignatureCheck
{
    private const string SecretPrefix = "whsec_";
    private const string Version = "v1,";

    /// <summary>The HMAC key of a secret, or null when it is not <c>whsec_</c> + base64.</summary>
    public static byte[]? KeyOf(string? secret)
    {
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(secret[SecretPrefix.Length..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static bool Verify(byte[] key, string? id, string? timestamp, string body, string? signatures)
    {
        if (id is null || timestamp is null || signatures is null)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!signature.StartsWith(Version, StringComparison.Ordinal))
            {
                continue;
            }

            var decoded = new byte[expected.Length + 3];
            if (Convert.TryFromBase64String(signature[Version.Length..], decoded, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(decoded.AsSpan(0, written), expected))
            {
                return true;
            }
        }

        return false;
    }
}
