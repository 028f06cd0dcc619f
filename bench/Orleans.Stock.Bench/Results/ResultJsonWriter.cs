using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Stock.Bench.Results;

/// <summary>Writes <c>--json</c> files, creating their folder (e.g. <c>bench/results/</c>) when needed.</summary>
public static class ResultJsonWriter
{
    public static async Task WriteAsync<T>(string path, T result, JsonTypeInfo<T> typeInfo)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await using var stream = File.Create(full);
        await JsonSerializer.SerializeAsync(stream, result, typeInfo);
    }
}
