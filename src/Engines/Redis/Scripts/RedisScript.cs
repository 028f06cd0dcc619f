using System.Security.Cryptography;
using System.Text;

namespace Orleans.Stock.Engines.Redis.Scripts;

/// <summary>
/// A Lua script and its SHA-1, the name Redis caches it under: it runs by <c>EVALSHA</c> and is
/// sent whole only when Redis does not know it (first use, after a restart or <c>SCRIPT FLUSH</c>).
/// </summary>
public sealed class RedisScript
{
    public RedisScript(string name, string source)
    {
        Name = name;
        Source = source;
#pragma warning disable CA5350 // SHA-1 is what Redis names scripts by; nothing here relies on it being secure.
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(source));
#pragma warning restore CA5350
    }

    /// <summary>The <c>script</c> tag of the script-time metric.</summary>
    public string Name { get; }

    public string Source { get; }

    public byte[] Sha1 { get; }
}
