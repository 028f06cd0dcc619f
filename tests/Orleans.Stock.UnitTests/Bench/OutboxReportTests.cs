using System.Text;
using System.Text.Json;
using Orleans.Stock.Bench.Audit;
using Orleans.Stock.Bench.Report;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>
/// The outbox's report: cost runs paired by workload, outbox on against off, medians and their ratio;
/// the delivery-lag runs in a table of their own; a delivery that failed its audit fails the run.
/// </summary>
public sealed class OutboxReportTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bench-outbox-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData("hot-on-1", "hot", true, 1)]
    [InlineData("spread-off-12", "spread", false, 12)]
    public void A_cost_param_names_workload_setting_and_round(string param, string workload, bool writeEvents, int round) =>
        Assert.Equal(new OutboxParam(workload, writeEvents, round), OutboxParam.TryParse(param));

    [Theory]
    [InlineData("lag-1000")]
    [InlineData("hot-maybe-1")]
    [InlineData("hot-on-0")]
    [InlineData("hot-on-x")]
    [InlineData("-on-1")]
    [InlineData(null)]
    public void Anything_else_is_no_cost_param(string? param) => Assert.Null(OutboxParam.TryParse(param));

    [Fact]
    public void Workloads_pair_on_with_off_and_the_ratio_is_of_the_medians()
    {
        var comparisons = OutboxComparison.From(
        [
            Cost("hot-off-1", 1_000), Cost("hot-on-1", 900), Cost("hot-off-2", 1_200), Cost("hot-on-2", 700), Cost("hot-on-3", 5_000),
            Cost("spread-off-1", 400), Cost("spread-on-1", 300), Lag(),
        ]);

        Assert.Equal(["hot", "spread"], comparisons.Select(c => c.Workload));
        var hot = comparisons[0];
        Assert.Equal(3, hot.On.Count);
        Assert.Equal(900, hot.OnPerSecond);
        Assert.Equal(1_100, hot.OffPerSecond);
        Assert.Equal(900.0 / 1_100, hot.Ratio!.Value, 6);
        Assert.Equal(0.75, comparisons[1].Ratio);
        // Round 3 ran on alone: no pair.
        Assert.Equal([0.9, 700.0 / 1_200], hot.RoundRatios);
    }

    [Fact]
    public void A_side_that_did_not_run_has_no_ratio()
    {
        var only = Assert.Single(OutboxComparison.From([Cost("hot-on-1", 900)]));

        Assert.Null(only.OffPerSecond);
        Assert.Null(only.Ratio);
    }

    [Fact]
    public void The_report_shows_the_ratio_and_the_lag()
    {
        Write("a.json", Cost("hot-off-1", 1_000));
        Write("b.json", Cost("hot-on-1", 800));
        Write("c.json", Lag());

        var markdown = new StringBuilder();
        OutboxSection.Write(ResultSet.Load(_folder.FullName), markdown);
        var text = markdown.ToString();

        Assert.Contains("| hot | 1 | 1 / 1 | 800 | 1,000 | 0.80 | 0.80 |", text, StringComparison.Ordinal);
        Assert.Contains("| grain | 1,000 | 1 | 10 | 3 | 4 | 120 | 480 | 510 | 900 | 0.6 | 1 | passed |", text, StringComparison.Ordinal);
        Assert.Contains("`Stock:Events:StampInterval` 100 ms", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_delivery_audit_fails_the_run()
    {
        var run = Lag();
        var delivery = run.Delivery!;
        var failed = run with { Delivery = delivery with { Audit = delivery.Audit with { Passed = false } } };

        Assert.True(run.AuditPassed);
        Assert.False(failed.AuditPassed);
    }

    private static RunResult Cost(string param, double perSecond)
    {
        var run = SampleResults.Run(new ScenarioTag(OutboxSection.Scenario, "grain", param));
        return run with { Throughput = run.Throughput with { ReservedPerSecond = perSecond } };
    }

    private static RunResult Lag() => SampleResults.Run(new ScenarioTag(OutboxSection.Scenario, "grain", "lag-1000"), rate: 1_000) with
    {
        Delivery = new DeliverySummary(
            "reservation.created",
            "http://127.0.0.1:5670/events",
            100,
            250,
            new LatencySummary(4, 200, 120, 400, 480, 510, 510),
            4,
            0,
            0,
            0.6,
            true,
            900,
            true,
            new DeliveryAuditResult(true, 3, 3, 0, 0, 1, 0, 0, [])),
    };

    private void Write(string file, RunResult result) =>
        File.WriteAllText(Path.Combine(_folder.FullName, file), JsonSerializer.Serialize(result, ResultJsonContext.Default.RunResult));
}
