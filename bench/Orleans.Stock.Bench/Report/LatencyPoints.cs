namespace Orleans.Stock.Bench.Report;

/// <summary>
/// The chart's data: reserve p99 against offered rate per target, from the fixed-rate runs of the TPS
/// table and the steps of find-max (both on one hot SKU). Where both measured about the same rate the
/// TPS run wins: it ran longer.
/// </summary>
public static class LatencyPoints
{
    public static IReadOnlyList<LatencySeries> From(ResultSet results)
    {
        var series = new List<LatencySeries>();
        foreach (var target in results.Targets)
        {
            var fixedRate = results.RunsOf(TpsSection.Scenario)
                .Where(r => r.Scenario.Target == target && r.Result.Config.Rate is not null && r.Result.Reserve is not null)
                .Select(r => new LatencyPoint(r.Result.Config.Rate!.Value, r.Result.Reserve!.P99Ms, r.Result.Errors == 0))
                .ToList();
            var steps = results.FindMaxesOf(FindMaxSection.Scenario)
                .Where(f => f.Scenario.Target == target)
                .SelectMany(f => f.Result.Steps)
                .Where(s => s.Run.Reserve is not null)
                .Select(s => new LatencyPoint(s.OfferedPerSecond, s.Run.Reserve!.P99Ms, s.Held))
                .Where(step => !fixedRate.Any(run => Near(run.OfferedPerSecond, step.OfferedPerSecond)));

            var points = fixedRate.Concat(steps).OrderBy(p => p.OfferedPerSecond).ToList();
            if (points.Count > 0)
            {
                series.Add(new LatencySeries(target, points));
            }
        }

        return series;
    }

    // find-max's ladder lands beside the table's rates (506 next to 500): two points that close would
    // only draw a vertical zigzag.
    private static bool Near(double a, double b) => Math.Abs(a - b) <= 0.03 * Math.Max(a, b);
}
