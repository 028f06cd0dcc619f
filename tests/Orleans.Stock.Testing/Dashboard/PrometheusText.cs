using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Stock.Tests.Dashboard;

/// <summary>Reads sums out of the Prometheus text of <c>/metrics</c>.</summary>
public static partial class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public static double Sum(string metrics, string name, params (string Name, string Value)[] labels) => Sample().Matches(metrics)
        .Where(m => m.Groups["name"].Value == name
            && labels.All(l => m.Groups["labels"].Value.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
        .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
