using System.Diagnostics;
using Orleans.Stock.Bench.Load;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Runs;

/// <summary>
/// Runs a <see cref="FaultPlan"/>'s command at its time and notes where on the load's timeline it ran.
/// The tool runs it itself, rather than a script beside it, so the fault and the measurements share
/// one clock.
/// </summary>
public static class FaultInjector
{
    /// <returns>What ran and when, or null if the load ended (<paramref name="loadOver"/>) first.</returns>
    public static async Task<InjectedFault?> RunAsync(FaultPlan plan, SecondTimeline timeline, CancellationToken loadOver)
    {
        try
        {
            await Task.Delay(plan.After, loadOver);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        var at = Stopwatch.GetTimestamp();
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(plan.Command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start /bin/sh for '{plan.Command}'");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        return new InjectedFault(plan.Command, Math.Round(timeline.SecondsAt(at), 3), process.ExitCode, ((await output) + (await errors)).Trim());
    }
}
