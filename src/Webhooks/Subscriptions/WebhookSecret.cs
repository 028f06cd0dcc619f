using System.Security.Cryptography;

namespace Orleans.Stock.Webhooks.Subscriptions;

/// <summary>A webhook's signing secret, as Standard Webhooks writes it: <c>whsec_</c> + base64 of 32 random bytes.</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int KeyBytes = 32;

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The HMAC key: the base64-decoded part after the prefix.</summary>
    public static byte[] KeyOf(string secret) =>
        secret.StartsWith(Prefix, StringComparison.Ordinal)
            ? Convert.FromBase64String(secret[Prefix.Length..])
            : throw new FormatException($"A webhook secret starts with '{Prefix}'.");
}
