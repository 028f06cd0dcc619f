using System.Globalization;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.Bench.Formatting;

/// <summary>
/// How numbers read in every table, the console's and the Markdown report's alike: few digits,
/// since the machine's noise is larger than a third decimal; invariant culture, so a German
/// locale does not turn 0.84 into 0,84 in a committed report.
/// </summary>
public static class Formats
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Milliseconds with precision that shrinks as they grow: 0.84, 12.3, 4,512.</summary>
    public static string Ms(double? value) => value switch
    {
        null => "-",
        < 10 => value.Value.ToString("0.00", Invariant),
        < 100 => value.Value.ToString("0.0", Invariant),
        _ => value.Value.ToString("N0", Invariant),
    };

    /// <summary>A latency's p50 and p99 in one cell, "1.67 / 7.97".</summary>
    public static string P50P99(LatencySummary? latency) => $"{Ms(latency?.P50Ms)} / {Ms(latency?.P99Ms)}";

    public static string Rate(double? value) => value is { } v ? v.ToString("N0", Invariant) : "-";

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>A fraction as a percentage, two decimals below 10 % (conflict rates of 0.5 %) and one above.</summary>
    public static string Percent(double? fraction) => fraction switch
    {
        null => "-",
        < 0.1 => (fraction.Value * 100).ToString("0.00", Invariant) + " %",
        _ => (fraction.Value * 100).ToString("0.0", Invariant) + " %",
    };

    public static string Ratio(double? value) => value is { } v ? v.ToString("0.0", Invariant) + "x" : "-";

    public static string MiB(double? kilobytes) => kilobytes is { } kb ? (kb / 1024).ToString("N0", Invariant) + " MiB" : "-";

    /// <summary>A load average (the 1-minute one where the report has room for one).</summary>
    public static string Load(double? loadAverage) => loadAverage is { } load ? load.ToString("0.0", Invariant) : "-";

    /// <summary>An audit verdict in Markdown: a failure in bold, so it stands out of a long table.</summary>
    public static string Audit(bool passed) => passed ? "passed" : "**FAILED**";

    /// <summary>Errors with their share of the scheduled sessions, e.g. <c>12 (0.8 %)</c>.</summary>
    public static string Errors(RunResult run)
    {
        if (run.Errors == 0)
        {
            return "0";
        }

        var share = run.Throughput.Scheduled > 0 ? (double)run.Errors / run.Throughput.Scheduled : (double?)null;
        return $"{Count(run.Errors)} ({Percent(share)})";
    }
}
