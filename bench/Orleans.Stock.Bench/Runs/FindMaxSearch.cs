using System.Globalization;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Results;
using Orleans.Stock.Bench.Terminal;

namespace Orleans.Stock.Bench.Runs;

/// <summary>
/// Raises the offered rate step by step until reserve p99 exceeds the bound or errors appear (again,
/// when the missed step is retried), and reports the highest rate that held. Each step is a full run on its own fresh products, so a step's
/// pending reservations and stock do not colour the next.
/// </summary>
public sealed class FindMaxSearch(StockApiClient api, RunPlan basePlan, FindMaxSettings settings)
{
    public async Task<FindMaxResult> ExecuteAsync(Action<FindMaxStep> onStep, CancellationToken cancellationToken)
    {
        var startedAt = DateTime.UtcNow;
        var steps = new List<FindMaxStep>();
        double? highest = null;
        string stopReason;
        var rate = settings.StartRate;
        var retriesLeft = settings.Retries;

        for (var number = 1; ; number++)
        {
            if (rate > settings.MaxRate)
            {
                stopReason = string.Create(CultureInfo.InvariantCulture, $"next rate {rate:N0}/s is above --max-rate {settings.MaxRate:N0}/s");
                break;
            }

            // The find-max result carries the scenario once, not every step again.
            var plan = basePlan with
            {
                Scenario = null,
                Workload = basePlan.Workload with { ProductPrefix = string.Create(CultureInfo.InvariantCulture, $"{basePlan.Workload.ProductPrefix}-s{number}") },
                Load = basePlan.Load with { Rate = rate },
            };
            var progress = new RunProgress();
            var run = await ProgressDisplay.RunAsync(
                string.Create(CultureInfo.InvariantCulture, $"step {number} at {rate:N0}/s"),
                progress,
                () => new BenchRun(api, plan).ExecuteAsync(progress, cancellationToken));

            var failure = Judge(run);
            var step = new FindMaxStep(number, rate, failure is null, failure, run);
            steps.Add(step);
            onStep(step);

            if (failure is not null && retriesLeft > 0 && !cancellationToken.IsCancellationRequested)
            {
                retriesLeft--;
                await Task.Delay(settings.Pause, CancellationToken.None);
                continue;
            }

            if (failure is not null)
            {
                stopReason = string.Create(CultureInfo.InvariantCulture, $"{rate:N0}/s did not hold: {failure}");
                break;
            }

            highest = rate;
            retriesLeft = settings.Retries;
            if (cancellationToken.IsCancellationRequested)
            {
                stopReason = "cancelled";
                break;
            }

            rate = Math.Round(rate * settings.Step);
            await Task.Delay(settings.Pause, CancellationToken.None);
        }

        return new FindMaxResult(
            BenchRun.Tool,
            startedAt,
            basePlan.Scenario,
            settings.StartRate,
            settings.Step,
            settings.MaxRate,
            settings.P99BoundMs,
            basePlan.Load.Duration.TotalSeconds,
            steps,
            highest,
            stopReason);
    }

    private string? Judge(RunResult run)
    {
        if (!run.AuditPassed)
        {
            return "audit failed";
        }

        if (run.Errors > 0)
        {
            var kinds = run.Outcomes.Where(o => o.Error).Select(o => $"{o.Outcome} x{o.Count:N0}");
            return $"{run.Errors:N0} errors ({string.Join(", ", kinds)})";
        }

        if (run.Reserve is not { } reserve)
        {
            return "no reserve was answered";
        }

        return reserve.P99Ms > settings.P99BoundMs
            ? string.Create(CultureInfo.InvariantCulture, $"reserve p99 {reserve.P99Ms:0.##} ms > {settings.P99BoundMs:0.##} ms")
            : null;
    }
}
