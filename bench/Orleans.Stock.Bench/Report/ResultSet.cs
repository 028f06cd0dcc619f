using System.Text.Json;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// Everything one <c>scripts/bench.sh</c> run left in its folder: the result files (a <c>run</c> or a
/// <c>find-max</c> each, told apart by content), <c>run.json</c> and the host readings. A file that
/// cannot be read is listed in <see cref="Problems"/> rather than failing the whole report.
/// </summary>
public sealed class ResultSet
{
    private ResultSet(RunInfo? info, IReadOnlyList<RunEntry> runs, IReadOnlyList<FindMaxEntry> findMaxes, IReadOnlyList<string> problems)
    {
        Info = info;
        Runs = runs;
        FindMaxes = findMaxes;
        Problems = problems;
    }

    public RunInfo? Info { get; }

    public IReadOnlyList<RunEntry> Runs { get; }

    public IReadOnlyList<FindMaxEntry> FindMaxes { get; }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>Every target with a result, in the report's column order.</summary>
    public IReadOnlyList<string> Targets =>
        TargetNames.Ordered(Runs.Select(r => r.Name.Target).Concat(FindMaxes.Select(f => f.Name.Target)));

    public static ResultSet Load(string folder)
    {
        var problems = new List<string>();
        var hosts = LoadHostReadings(folder);
        var runs = new List<RunEntry>();
        var findMaxes = new List<FindMaxEntry>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            if (ResultName.TryParse(Path.GetFileName(path)) is not { } name)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                var host = hosts.GetValueOrDefault(name.File);

                // A find-max result is the only one with steps.
                if (document.RootElement.TryGetProperty("steps", out _))
                {
                    findMaxes.Add(new FindMaxEntry(name, document.Deserialize(ResultJsonContext.Default.FindMaxResult) ?? throw Empty(), host));
                }
                else
                {
                    runs.Add(new RunEntry(name, document.Deserialize(ResultJsonContext.Default.RunResult) ?? throw Empty(), host));
                }
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                problems.Add($"{name.File}: {e.Message}");
            }
        }

        return new ResultSet(LoadInfo(folder, problems), runs, findMaxes, problems);
    }

    public RunEntry? Run(string scenario, string target, string param) =>
        Runs.FirstOrDefault(r => r.Name.Scenario == scenario && r.Name.Target == target && r.Name.Param == param);

    public IEnumerable<RunEntry> RunsOf(string scenario) => Runs.Where(r => r.Name.Scenario == scenario);

    public FindMaxEntry? FindMax(string scenario, string target, string param) =>
        FindMaxes.FirstOrDefault(f => f.Name.Scenario == scenario && f.Name.Target == target && f.Name.Param == param);

    public IEnumerable<FindMaxEntry> FindMaxesOf(string scenario) => FindMaxes.Where(f => f.Name.Scenario == scenario);

    private static JsonException Empty() => new("the file holds JSON null");

    private static Dictionary<string, HostReading> LoadHostReadings(string folder)
    {
        var path = Path.Combine(folder, HostReading.FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        // A file run twice (a rerun of one scenario) keeps its last reading, as its JSON was overwritten.
        var readings = new Dictionary<string, HostReading>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (HostReading.TryParse(line) is { } reading)
            {
                readings[reading.File] = reading;
            }
        }

        return readings;
    }

    private static RunInfo? LoadInfo(string folder, List<string> problems)
    {
        var path = Path.Combine(folder, RunInfo.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), ReportJsonContext.Default.RunInfo);
        }
        catch (JsonException e)
        {
            problems.Add($"{RunInfo.FileName}: {e.Message}");
            return null;
        }
    }
}
