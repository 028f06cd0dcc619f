using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Stock.Abstractions;

/// <summary>
/// A stable 64-bit digest of what a reservation asked for, stored beside its Idempotency-Key so
/// that a replay with a different body is told apart even after the grain has forgotten it.
/// </summary>
public static class ReserveRequestFingerprint
{
    public static long Of(ReserveRequest request)
    {
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{request.Quantity}\n{request.TtlSeconds}\n{request.UserId}");
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BinaryPrimitives.ReadInt64LittleEndian(digest);
    }
}
