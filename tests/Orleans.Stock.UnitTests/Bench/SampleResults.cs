using Orleans.Stock.Bench.Api.Contracts;
using Orleans.Stock.Bench.Audit;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>Small, complete results to write, read and format: every field a run fills, with plausible values.</summary>
internal static class SampleResults
{
    public static RunResult Run(ScenarioTag? scenario, long errors = 0, long scheduled = 1_000, double rate = 100) => new(
        "Orleans.Stock.Bench",
        new DateTime(2026, 11, 25, 23, 5, 11, DateTimeKind.Utc),
        scenario,
        Config(rate),
        null,
        new ThroughputSummary(rate, scheduled, scheduled, scheduled, scheduled - errors, 10, rate, rate, rate),
        new Dictionary<string, LatencySummary?>(StringComparer.Ordinal)
        {
            ["reserve"] = new LatencySummary(scheduled, 5.56, 4.135, 11.951, 17.359, 49.919, 63.455),
            ["confirm"] = null,
        },
        [new OutcomeCount("reserve", "201", scheduled - errors, false), new OutcomeCount("reserve", "timeout", errors, true)],
        errors,
        new ServerConflicts(true, null, null, null, null, null),
        new ClientConflicts(scheduled, scheduled, 0, new Dictionary<string, long> { ["grain"] = scheduled }),
        new Dictionary<string, double> { ["stock_reservations_total"] = scheduled },
        Audit(),
        true,
        null);

    public static RunConfig Config(double rate) => new(
        "http://127.0.0.1:5580/", "grain", "grain", null, "open", rate, null, 10, 2, 10_000, 1, null, "1", 0, 0, 1,
        86_400, 100_000_000, 0, "bench-test", false, 256, 30);

    public static AuditResult Audit() => new(
        true,
        false,
        AcknowledgementRule.Exact,
        1,
        0,
        [new SkuAudit("bench-test-0", new ProductBody("bench-test-0", "grain", 99_000, 99_000, 0, 1_000, 7, 100_000, 0), new ClientView(1_000, 1_000, 0, 0, 0, 0), [])]);
}
