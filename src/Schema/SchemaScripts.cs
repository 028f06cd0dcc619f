namespace Orleans.Stock.Schema;

/// <summary>The scripts embedded at build time, in the order scripts/run.sh applies them (ordinal by name).</summary>
public static class SchemaScripts
{
    private const string Prefix = "schema/";

    public static IReadOnlyList<SchemaScript> Embedded { get; } = Load();

    private static SchemaScript[] Load()
    {
        var assembly = typeof(SchemaScripts).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return new SchemaScript(name[Prefix.Length..], reader.ReadToEnd());
            })];
    }
}
