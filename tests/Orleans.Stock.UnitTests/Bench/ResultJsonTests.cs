using System.Text.Json;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>The result JSON that runs write and the report reads back, the scenario field included.</summary>
public class ResultJsonTests
{
    [Fact]
    public void A_run_result_round_trips_with_its_scenario()
    {
        var written = SampleResults.Run(new ScenarioTag("tps", "sql-pessimistic", "500"), errors: 3);

        var json = JsonSerializer.Serialize(written, ResultJsonContext.Default.RunResult);
        var read = JsonSerializer.Deserialize(json, ResultJsonContext.Default.RunResult)!;

        Assert.Equal(written.Scenario, read.Scenario);
        Assert.Equal(written.Config, read.Config);
        Assert.Equal(written.Throughput, read.Throughput);
        Assert.Equal(written.Reserve, read.Reserve);
        Assert.Null(read.Latency["confirm"]);
        Assert.Equal(written.Outcomes, read.Outcomes);
        Assert.Equal(3, read.Errors);
        Assert.True(read.AuditPassed);
        Assert.Equal(written.Audit.Products[0].Server, read.Audit.Products[0].Server);
    }

    [Fact]
    public void The_scenario_is_written_beside_startedAt_as_name_target_and_param()
    {
        var json = JsonSerializer.Serialize(SampleResults.Run(new ScenarioTag("conflict", "grain", "5")), ResultJsonContext.Default.RunResult);

        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).Take(4).ToList();
        Assert.Equal(["tool", "startedAt", "scenario", "config"], names);
        var scenario = document.RootElement.GetProperty("scenario");
        Assert.Equal("conflict", scenario.GetProperty("name").GetString());
        Assert.Equal("grain", scenario.GetProperty("target").GetString());
        Assert.Equal("5", scenario.GetProperty("param").GetString());

        // Number is derived from param, not a field of its own that could disagree with it.
        Assert.False(scenario.TryGetProperty("number", out _));
    }

    [Fact]
    public void A_run_without_scenario_writes_no_such_field_and_reads_back_null()
    {
        var json = JsonSerializer.Serialize(SampleResults.Run(scenario: null), ResultJsonContext.Default.RunResult);

        using var document = JsonDocument.Parse(json);
        Assert.False(document.RootElement.TryGetProperty("scenario", out _));
        Assert.Null(JsonSerializer.Deserialize(json, ResultJsonContext.Default.RunResult)!.Scenario);
    }

    [Fact]
    public void A_find_max_result_carries_the_scenario_once_and_its_steps_none()
    {
        var step = new FindMaxStep(1, 100, true, null, SampleResults.Run(scenario: null));
        var written = new FindMaxResult("Orleans.Stock.Bench", DateTime.UnixEpoch, new ScenarioTag("findmax", "grain", "p99-50"), 100, 1.5, 100_000, 50, 4, [step], 100, "cancelled");

        var json = JsonSerializer.Serialize(written, ResultJsonContext.Default.FindMaxResult);
        var read = JsonSerializer.Deserialize(json, ResultJsonContext.Default.FindMaxResult)!;

        Assert.Equal(new ScenarioTag("findmax", "grain", "p99-50"), read.Scenario);
        Assert.Null(read.Steps.Single().Run.Scenario);
        Assert.Single(json.Split("\"scenario\"").Skip(1));
    }

    [Theory]
    [InlineData("500", 500.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("p99-50", null)]
    [InlineData(null, null)]
    public void A_scenario_param_is_a_number_only_when_it_reads_as_one(string? param, double? number) =>
        Assert.Equal(number, new ScenarioTag("tps", "grain", param).Number);
}
