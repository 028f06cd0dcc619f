using System.CommandLine.Parsing;
using System.Globalization;

namespace Orleans.Stock.Bench.Cli;

/// <summary>
/// Durations as people type them: <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>; a bare number is
/// seconds. <c>hh:mm:ss</c> is accepted too, since that is how the help prints defaults.
/// </summary>
public static class DurationParser
{
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        var trimmed = text.Trim();
        if (trimmed.Contains(':'))
        {
            return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }

        duration = default;
        var unit = 1.0;
        foreach (var (suffix, seconds) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed[..^suffix.Length];
                unit = seconds;
                break;
            }
        }

        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value))
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }

    /// <summary>For <c>Option&lt;TimeSpan&gt;.CustomParser</c>.</summary>
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"'{text}' is not a duration: use e.g. 500ms, 10s, 2m");
        return default;
    }
}
