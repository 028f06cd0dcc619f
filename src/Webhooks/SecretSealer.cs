using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Orleans.Stock.Webhooks;

/// <summary>
/// Seals signing secrets for storage with <see cref="WebhookOptions.SecretKey"/> (AES-GCM), or stores them
/// as they are when no key is configured; the stored text says which, so both kinds can be opened.
/// </summary>
public sealed class SecretSealer(IOptions<WebhookOptions> options)
{
    private const string SealedPrefix = "aesgcm:";
    private const string PlainPrefix = "plain:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[]? _key = options.Value.SecretKey is { } text ? KeyOf(text) : null;

    /// <summary>The key that base64 text names, or null when it is not base64 of 32 bytes.</summary>
    public static byte[]? KeyOf(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written == 32 ? buffer[..32] : null;
    }

    public string Seal(string secret)
    {
        if (_key is null)
        {
            return PlainPrefix + secret;
        }

        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes));
        return SealedPrefix + Convert.ToBase64String(sealedBytes);
    }

    public string Open(string stored)
    {
        if (stored.StartsWith(PlainPrefix, StringComparison.Ordinal))
        {
            return stored[PlainPrefix.Length..];
        }

        if (!stored.StartsWith(SealedPrefix, StringComparison.Ordinal))
        {
            throw new FormatException("Not a stored webhook secret.");
        }

        if (_key is null)
        {
            throw new InvalidOperationException("This webhook's secret is sealed and Stock:Webhooks:SecretKey is not set.");
        }

        var sealedBytes = Convert.FromBase64String(stored[SealedPrefix.Length..]);
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
