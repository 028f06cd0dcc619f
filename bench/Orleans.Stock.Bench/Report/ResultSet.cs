using System.Text.Json;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// Everything one <c>scripts/bench.sh</c> run left in its folder: the result files (a <c>run</c> or a
/// <c>find-max</c> each, told apart by content, each saying which scenario it belongs to),
/// <c>run.json</c> and the host readings. A file that cannot be read is listed in <see cref="Problems"/>
/// rather than failing the whole report; a JSON file without a scenario (a run made by hand, without
/// <c>--scenario</c>) belongs to no row and is listed in <see cref="Ignored"/>.
/// </summary>
public sealed class ResultSet
{
    private ResultSet(RunInfo? info, IReadOnlyList<RunEntry> runs, IReadOnlyList<FindMaxEntry> findMaxes, IReadOnlyList<string> problems, IReadOnlyList<string> ignored)
    {
        Info = info;
        Runs = runs;
        FindMaxes = findMaxes;
        Problems = problems;
        Ignored = ignored;
    }

    public RunInfo? Info { get; }

    public IReadOnlyList<RunEntry> Runs { get; }

    public IReadOnlyList<FindMaxEntry> FindMaxes { get; }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>JSON files that are no result of a scenario, with why.</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>Every target with a result, in the report's column order.</summary>
    public IReadOnlyList<string> Targets =>
        TargetNames.Ordered(Runs.Select(r => r.Scenario.Target).Concat(FindMaxes.Select(f => f.Scenario.Target)));

    public static ResultSet Load(string folder)
    {
        var problems = new List<string>();
        var ignored = new List<string>();
        var hosts = LoadHostReadings(folder);
        var runs = new List<RunEntry>();
        var findMaxes = new List<FindMaxEntry>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            if (file == RunInfo.FileName)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("scenario", out var scenario) || scenario.ValueKind != JsonValueKind.Object)
                {
                    ignored.Add($"{file}: no scenario (written without --scenario, or not a result)");
                    continue;
                }

                var host = hosts.GetValueOrDefault(file);

                // A find-max result is the only one with steps.
                if (document.RootElement.TryGetProperty("steps", out _))
                {
                    var result = document.Deserialize(ResultJsonContext.Default.FindMaxResult) ?? throw Empty();
                    findMaxes.Add(new FindMaxEntry(file, Tag(result.Scenario), result, host));
                }
                else
                {
                    var result = document.Deserialize(ResultJsonContext.Default.RunResult) ?? throw Empty();
                    runs.Add(new RunEntry(file, Tag(result.Scenario), result, host));
                }
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                problems.Add($"{file}: {e.Message}");
            }
        }

        return new ResultSet(LoadInfo(folder, problems), runs, findMaxes, problems, ignored);
    }

    public RunEntry? Run(string scenario, string target, string param) =>
        Runs.FirstOrDefault(r => r.Scenario.Name == scenario && r.Scenario.Target == target && r.Scenario.Param == param);

    public IEnumerable<RunEntry> RunsOf(string scenario) => Runs.Where(r => r.Scenario.Name == scenario);

    public FindMaxEntry? FindMax(string scenario, string target, string param) =>
        FindMaxes.FirstOrDefault(f => f.Scenario.Name == scenario && f.Scenario.Target == target && f.Scenario.Param == param);

    public IEnumerable<FindMaxEntry> FindMaxesOf(string scenario) => FindMaxes.Where(f => f.Scenario.Name == scenario);

    private static JsonException Empty() => new("the file holds JSON null");

    // The report keys every row on name and target; a tag without them would match none, silently.
    private static ScenarioTag Tag(ScenarioTag? scenario) =>
        scenario is { Name.Length: > 0, Target.Length: > 0 } ? scenario : throw new JsonException("its scenario has no name or no target");

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
