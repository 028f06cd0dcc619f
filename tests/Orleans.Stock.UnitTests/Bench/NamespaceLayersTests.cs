using System.Text.RegularExpressions;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>
/// The bench's folders depend on each other one way only, in the order its README gives: a folder
/// uses only folders of lower layers. Read from the sources (using directives and qualified type
/// names), since a cycle is a fact about the code, not about the compiled assembly.
/// </summary>
public partial class NamespaceLayersTests
{
    // Lowest first; a folder may use only folders of lower layers (bench/Orleans.Stock.Bench/README.md).
    private static readonly string[][] Layers =
    [
        ["Api", "Workload"],
        ["Audit"],
        ["Results"],
        ["Load", "Metrics", "Formatting"],
        ["Terminal", "Delivery"],
        ["Runs", "Report"],
        ["Cli"],
    ];

    [Fact]
    public void Every_dependency_goes_to_a_lower_layer()
    {
        var sources = BenchSources();
        var layerOf = Layers.SelectMany((folders, layer) => folders.Select(folder => (folder, layer))).ToDictionary(x => x.folder, x => x.layer);

        var unknown = sources.Select(s => s.Folder).Distinct().Where(folder => !layerOf.ContainsKey(folder)).ToList();
        Assert.True(unknown.Count == 0, $"folders missing from the layers (and the bench README): {string.Join(", ", unknown)}");

        var wrong = Dependencies(sources)
            .Where(d => layerOf[d.To] >= layerOf[d.From])
            .Select(d => $"{d.From} -> {d.To} ({d.File})")
            .Distinct()
            .ToList();
        Assert.True(wrong.Count == 0, "dependencies that do not go down the layers:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void The_check_sees_using_directives_and_qualified_names()
    {
        var sources = new List<Source>
        {
            new("Results/A.cs", "Results", "namespace Orleans.Stock.Bench.Results;\npublic sealed record A;"),
            new("Runs/B.cs", "Runs", "namespace Orleans.Stock.Bench.Runs;\npublic sealed class B;"),
            new("Load/C.cs", "Load", "using Orleans.Stock.Bench.Results;\nusing Orleans.Stock.Bench.Load.Flows;\nnamespace Orleans.Stock.Bench.Load;\n// Runs.B in a comment is no use\nclass C { object x = Runs.B.Default; string y = \"Runs.B\"; }"),
        };

        Assert.Equal([("Load", "Results"), ("Load", "Runs")], Dependencies(sources).Select(d => (d.From, d.To)).Distinct().Order().ToList());
    }

    private static IEnumerable<(string From, string To, string File)> Dependencies(IReadOnlyList<Source> sources)
    {
        var folders = sources.Select(s => s.Folder).ToHashSet();
        var typesOf = sources
            .GroupBy(s => s.Folder)
            .ToDictionary(g => g.Key, g => g.SelectMany(s => TypeDeclaration().Matches(s.Text).Select(m => m.Groups[1].Value)).ToHashSet());
        foreach (var source in sources)
        {
            // Api/Contracts is part of Api: a folder's own subfolders are no dependency.
            foreach (Match match in UsingDirective().Matches(source.Text))
            {
                if (match.Groups[1].Value != source.Folder)
                {
                    yield return (source.Folder, match.Groups[1].Value, source.File);
                }
            }

            // Folder.Type outside comments and strings: a sibling namespace named without a using.
            var code = StringLiteral().Replace(LineComment().Replace(source.Text, ""), "\"\"");
            foreach (Match match in QualifiedName().Matches(code))
            {
                var (folder, type) = (match.Groups[1].Value, match.Groups[2].Value);
                if (folders.Contains(folder) && folder != source.Folder && typesOf[folder].Contains(type))
                {
                    yield return (source.Folder, folder, source.File);
                }
            }
        }
    }

    /// <summary>Every source file of the bench with its top folder (<c>Api/Contracts</c> counts as <c>Api</c>); Program.cs is the entry point above them all.</summary>
    private static List<Source> BenchSources()
    {
        var project = Path.Combine(RepositoryRoot(), "bench", "Orleans.Stock.Bench");
        return Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(project, path).Replace('\\', '/'))
            .Where(file => file.Contains('/') && !file.StartsWith("obj/", StringComparison.Ordinal) && !file.StartsWith("bin/", StringComparison.Ordinal))
            .Select(file => new Source(file, file[..file.IndexOf('/')], File.ReadAllText(Path.Combine(project, file))))
            .ToList();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Orleans.Stock.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Orleans.Stock.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^using Orleans\.Stock\.Bench\.(\w+)(?:\.\w+)*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"//.*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex StringLiteral();

    private sealed record Source(string File, string Folder, string Text);
}
