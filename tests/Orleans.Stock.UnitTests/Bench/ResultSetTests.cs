using System.Text.Json;
using Orleans.Stock.Bench.Report;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>The report's reading of a results folder: rows come from each result's scenario field, whatever the file is called.</summary>
public sealed class ResultSetTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bench-resultset-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void A_result_is_placed_by_its_scenario_field_not_by_its_file_name()
    {
        // A name that would parse as another scenario: the field must win.
        Write("conflict__redis__20.json", SampleResults.Run(new ScenarioTag("tps", "grain", "100")));
        File.WriteAllText(Path.Combine(_folder.FullName, HostReading.FileName), "file\tstarted_at\tload1\tload5\tload15\tsilo_rss_before_kb\tsilo_rss_after_kb\nconflict__redis__20.json\t2026-11-25T23:05:11Z\t5.66\t5.73\t5.45\t131220\t-\n");

        var results = ResultSet.Load(_folder.FullName);

        var entry = Assert.Single(results.RunsOf("tps"));
        Assert.Empty(results.RunsOf("conflict"));
        Assert.Equal("conflict__redis__20.json", entry.File);
        Assert.Same(entry, results.Run("tps", "grain", "100"));
        Assert.Equal(["grain"], results.Targets);
        Assert.Equal(5.66, entry.Host?.Load1);
        Assert.Null(entry.Host?.SiloRssAfterKb);
        Assert.Empty(results.Problems);
    }

    [Fact]
    public void Json_without_a_scenario_is_ignored_with_a_reason_and_run_json_is_not_a_result()
    {
        Write("tps__grain__100.json", SampleResults.Run(scenario: null));
        File.WriteAllText(Path.Combine(_folder.FullName, RunInfo.FileName), "{\"command\": \"scripts/bench.sh\"}");
        File.WriteAllText(Path.Combine(_folder.FullName, "broken.json"), "{not json");

        var results = ResultSet.Load(_folder.FullName);

        Assert.Empty(results.Runs);
        Assert.Contains(results.Ignored, line => line.StartsWith("tps__grain__100.json: no scenario", StringComparison.Ordinal));
        Assert.DoesNotContain(results.Ignored, line => line.StartsWith(RunInfo.FileName, StringComparison.Ordinal));
        Assert.Contains(results.Problems, line => line.StartsWith("broken.json: ", StringComparison.Ordinal));
        Assert.Equal("scripts/bench.sh", results.Info?.Command);
    }

    private void Write(string file, RunResult result) =>
        File.WriteAllText(Path.Combine(_folder.FullName, file), JsonSerializer.Serialize(result, ResultJsonContext.Default.RunResult));
}
