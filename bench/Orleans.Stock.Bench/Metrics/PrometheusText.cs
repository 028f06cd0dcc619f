using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Stock.Bench.Metrics;

/// <summary>
/// Reads the Prometheus text exposition format into <c>series -> value</c>, where a series is the
/// metric name with its label set exactly as written (<c>stock_sql_attempts_total{strategy="optimistic"}</c>).
/// Only what counter deltas need: comments and timestamps are skipped.
/// </summary>
public static partial class PrometheusText
{
    public static Dictionary<string, double> Parse(string text)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // Label values may contain spaces, so the series ends at the last '}' when there are labels.
            var brace = line.IndexOf('{');
            var space = line.IndexOf(' ');
            var end = brace >= 0 && (space < 0 || brace < space) ? line.LastIndexOf('}') + 1 : space;
            if (end <= 0 || end >= line.Length)
            {
                continue;
            }

            var valueText = line[end..].Trim().Split(' ', 2)[0];
            if (TryParseValue(valueText, out var value))
            {
                series[line[..end]] = value;
            }
        }

        return series;
    }

    /// <summary>The metric name of a series key: everything before its labels.</summary>
    public static string MetricName(string series)
    {
        var brace = series.IndexOf('{');
        return brace < 0 ? series : series[..brace];
    }

    /// <summary>The value of one label of a series key, or null when the series has no such label.</summary>
    public static string? Label(string series, string label)
    {
        var brace = series.IndexOf('{');
        if (brace < 0)
        {
            return null;
        }

        foreach (Match match in LabelPattern().Matches(series, brace))
        {
            if (match.Groups[1].Value == label)
            {
                return match.Groups[2].Value;
            }
        }

        return null;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    // name="value", the value possibly holding escaped quotes (\").
    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPattern();
}
