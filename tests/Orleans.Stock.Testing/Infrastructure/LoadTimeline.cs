using System.Globalization;
using System.Text;

namespace Orleans.Stock.Tests.Infrastructure;

/// <summary>
/// What clients saw around a fault at <paramref name="faultAt"/>: request counts before, during and
/// after the disturbance, and when it ended. A request is disturbed when its answer is not one the
/// contract allows under load (an error) or when it took longer than <paramref name="slow"/>.
/// </summary>
public sealed class LoadTimeline(IReadOnlyCollection<LoadSample> samples, TimeSpan faultAt, TimeSpan slow)
{
    public IReadOnlyList<LoadSample> Errors { get; } = [.. samples.Where(s => !s.IsExpected).OrderBy(s => s.Ended)];

    /// <summary>From the fault until the last error completed (zero when there was none).</summary>
    public TimeSpan ErrorsEndedAfter => Errors.Where(s => s.Ended >= faultAt).Select(s => s.Ended - faultAt).DefaultIfEmpty().Max();

    /// <summary>From the fault until the last disturbed request (error or slow) completed.</summary>
    public TimeSpan RecoveredAfter => samples
        .Where(s => s.Ended >= faultAt && (!s.IsExpected || s.Latency > slow))
        .Select(s => s.Ended - faultAt)
        .DefaultIfEmpty()
        .Max();

    public TimeSpan MaxLatencyAfterFault => samples.Where(s => s.Ended >= faultAt).Select(s => s.Latency).DefaultIfEmpty().Max();

    public int Before => samples.Count(s => s.Ended < faultAt);

    public int During => samples.Count(s => s.Ended >= faultAt && s.Ended <= faultAt + RecoveredAfter);

    public int After => samples.Count(s => s.Ended > faultAt + RecoveredAfter);

    public string Describe(string fault)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{fault} at {faultAt.TotalSeconds:F1} s into the load; {samples.Count} requests, {Errors.Count} errors.");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"requests completed before: {Before}, during the disturbance: {During}, after: {After}; " +
            $"recovered after {RecoveredAfter.TotalSeconds:F2} s (errors ended after {ErrorsEndedAfter.TotalSeconds:F2} s), " +
            $"max latency after the fault {MaxLatencyAfterFault.TotalMilliseconds:F0} ms");
        text.AppendLine("second(rel. to fault)  ok  errors  slow  max-ms");
        foreach (var second in samples.GroupBy(s => (int)Math.Floor((s.Ended - faultAt).TotalSeconds)).OrderBy(g => g.Key))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{second.Key,6} {second.Count(s => s.IsExpected),10} {second.Count(s => !s.IsExpected),7} {second.Count(s => s.Latency > slow),5} {second.Max(s => s.Latency).TotalMilliseconds,7:F0}");
        }

        foreach (var error in Errors.Take(10))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"error: {error.Kind} {error.Sku} -> {error.Status} {error.Code} at {(error.Ended - faultAt).TotalSeconds:F2} s");
        }

        return text.ToString();
    }
}
