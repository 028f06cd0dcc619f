using System.Globalization;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// What <c>scripts/bench.sh</c> saw of the machine around one result file (one line of
/// <c>host-readings.tsv</c>): the load average when the run started, since other work on a shared
/// machine colours every number, and the silos' resident memory before and after it.
/// </summary>
public sealed record HostReading(string File, string StartedAt, double Load1, double Load5, double Load15, long? SiloRssBeforeKb, long? SiloRssAfterKb)
{
    public const string FileName = "host-readings.tsv";

    /// <summary>Parses one data line; null for the header or a malformed line.</summary>
    public static HostReading? TryParse(string line)
    {
        var cells = line.Split('\t');
        if (cells.Length != 7 || !TryNumber(cells[2], out var load1) || !TryNumber(cells[3], out var load5) || !TryNumber(cells[4], out var load15))
        {
            return null;
        }

        return new HostReading(cells[0], cells[1], load1, load5, load15, Kilobytes(cells[5]), Kilobytes(cells[6]));
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    // bench.sh writes "-" when no silo pid was known.
    private static long? Kilobytes(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
