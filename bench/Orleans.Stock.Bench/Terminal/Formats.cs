using System.Globalization;

namespace Orleans.Stock.Bench.Terminal;

/// <summary>Number formats shared by the result tables, so every table reads the same way.</summary>
internal static class Formats
{
    public static string Ms(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    public static string Rate(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double? value) => value is { } v ? v.ToString("0.00%", CultureInfo.InvariantCulture) : "-";
}
