using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Stock.Carts;

/// <summary>
/// A stable 64-bit digest of what a cart asked for (user, TTL after its default, lines in order),
/// stored beside its Idempotency-Key so that a retry with another body is told apart.
/// </summary>
public static class CartRequestFingerprint
{
    public static long Of(string userId, int ttlSeconds, IEnumerable<(string Sku, int Quantity)> lines)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{ttlSeconds}\n{userId.Length}:{userId}\n");
        foreach (var (sku, quantity) in lines)
        {
            // SKUs cannot contain ':' or a newline, so this encoding is unambiguous.
            text.Append(CultureInfo.InvariantCulture, $"{sku}:{quantity}\n");
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), digest);
        return BinaryPrimitives.ReadInt64LittleEndian(digest);
    }
}
