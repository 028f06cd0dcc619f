using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Stock.Engines;

/// <summary>
/// Puts a string in one of 100 buckets, the same one in every process and every run
/// (<see cref="string.GetHashCode()"/> is randomised per process, so it cannot do this).
/// </summary>
public static class StableBucket
{
    public static int Of(string value)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return (int)(BinaryPrimitives.ReadUInt32LittleEndian(digest) % 100);
    }

    /// <summary>True for about <paramref name="percent"/> % of values.</summary>
    public static bool IsWithin(string value, int percent) => Of(value) < percent;
}
