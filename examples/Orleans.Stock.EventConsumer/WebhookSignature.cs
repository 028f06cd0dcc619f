using System.Security.Cryptography;
using System.Text;

namespace Orleans.Stock.EventConsumer;

/// <summary>
/// Checks a delivery the way the Standard Webhooks convention says a receiver should: an HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c> keyed with the secret's base64 part, compared in constant
/// time against every <c>v1,</c> signature in the header, and a timestamp close to now against replays.
/// </summary>
public sealed class WebhookSignature(string secret)
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly byte[] _key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);

    public bool IsValid(string? id, string? timestamp, string? signatures, string body, DateTimeOffset now)
    {
        if (id is null || signatures is null || !long.TryParse(timestamp, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        var given = new byte[expected.Length];
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate.StartsWith("v1,", StringComparison.Ordinal)
                && Convert.TryFromBase64String(candidate[3..], given, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return true;
            }
        }

        return false;
    }
}
