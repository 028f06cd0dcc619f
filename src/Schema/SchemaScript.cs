using System.Security.Cryptography;
using System.Text;

namespace Orleans.Stock.Schema;

/// <summary>One file of scripts/sql: applied in name order, and written so that applying it again changes nothing.</summary>
public sealed record SchemaScript(string Name, string Sql)
{
    /// <summary>What the history records: a script whose text changed is applied again.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}
