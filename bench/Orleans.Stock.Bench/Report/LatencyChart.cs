using System.Globalization;
using System.Security;
using System.Text;
using Orleans.Stock.Bench.Formatting;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// latency.svg: reserve p99 (log) against offered rate (log), one line per target, with the issue's
/// two latency bars as dashed lines. Plain SVG text, so it renders on GitHub and needs no library.
/// </summary>
public static class LatencyChart
{
    private const int Width = 960;
    private const int Height = 560;
    private const int Left = 80;
    private const int Right = Width - 190;
    private const int Top = 50;
    private const int Bottom = Height - 70;

    private static readonly Dictionary<string, string> Colours = new(StringComparer.Ordinal)
    {
        [TargetNames.Grain] = "#1b9e77",
        [TargetNames.SqlPessimistic] = "#d95f02",
        [TargetNames.SqlOptimistic] = "#7570b3",
        [TargetNames.Redis] = "#e7298a",
    };

    public static string Render(IReadOnlyList<LatencySeries> series)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var x = new LogAxis(points.Select(p => p.OfferedPerSecond), Left, Right);

        // Always show both bars with room below the lower one, where a p99 that meets it lies.
        var y = new LogAxis(points.Select(p => p.P99Ms).Append(PerformanceBars.At1000P99Ms / 2).Append(PerformanceBars.FindMaxP99Ms), Bottom, Top);

        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>"));
        svg.AppendLine(Invariant($"<text x=\"{Width / 2}\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">Reserve p99 latency against offered rate, one hot SKU</text>"));
        WriteGrid(svg, x, y);
        WriteBar(svg, y, PerformanceBars.FindMaxP99Ms, "find-max bound 50 ms", "#c0392b");
        WriteBar(svg, y, PerformanceBars.At1000P99Ms, "grain at 1000 TPS bar 10 ms", "#e67e22");
        for (var i = 0; i < series.Count; i++)
        {
            WriteSeries(svg, series[i], x, y, i);
        }

        svg.AppendLine(Invariant($"<text x=\"{(Left + Right) / 2}\" y=\"{Height - 28}\" text-anchor=\"middle\">offered rate (reservations/s, log scale)</text>"));
        svg.AppendLine(Invariant($"<text x=\"20\" y=\"{(Top + Bottom) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 20 {(Top + Bottom) / 2})\">reserve p99 (log scale)</text>"));
        svg.AppendLine(Invariant($"<text x=\"{Left}\" y=\"{Height - 8}\" fill=\"#555\">filled: no errors and within the bound; hollow: errors, or a find-max step that failed</text>"));
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void WriteGrid(StringBuilder svg, LogAxis x, LogAxis y)
    {
        foreach (var (value, major) in x.Ticks())
        {
            var px = x.Map(value);
            svg.AppendLine(Invariant($"<line x1=\"{px:0.#}\" y1=\"{Top}\" x2=\"{px:0.#}\" y2=\"{Bottom}\" stroke=\"{(major ? "#ccc" : "#eee")}\"/>"));
            svg.AppendLine(Invariant($"<text x=\"{px:0.#}\" y=\"{Bottom + 18}\" text-anchor=\"middle\">{RateLabel(value)}</text>"));
        }

        foreach (var (value, major) in y.Ticks())
        {
            var py = y.Map(value);
            svg.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{py:0.#}\" x2=\"{Right}\" y2=\"{py:0.#}\" stroke=\"{(major ? "#ccc" : "#eee")}\"/>"));
            if (major)
            {
                svg.AppendLine(Invariant($"<text x=\"{Left - 8}\" y=\"{py + 4:0.#}\" text-anchor=\"end\">{LatencyLabel(value)}</text>"));
            }
        }

        svg.AppendLine(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Right - Left}\" height=\"{Bottom - Top}\" fill=\"none\" stroke=\"#333\"/>"));
    }

    private static void WriteBar(StringBuilder svg, LogAxis y, double ms, string label, string colour)
    {
        var py = y.Map(ms);
        svg.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{py:0.#}\" x2=\"{Right}\" y2=\"{py:0.#}\" stroke=\"{colour}\" stroke-dasharray=\"6 4\"/>"));
        svg.AppendLine(Invariant($"<text x=\"{Right - 4}\" y=\"{py - 4:0.#}\" text-anchor=\"end\" fill=\"{colour}\">{Escape(label)}</text>"));
    }

    private static void WriteSeries(StringBuilder svg, LatencySeries series, LogAxis x, LogAxis y, int index)
    {
        var colour = Colours.GetValueOrDefault(series.Target, "#666");
        var coordinates = series.Points.Select(p => Invariant($"{x.Map(p.OfferedPerSecond):0.#},{y.Map(p.P99Ms):0.#}"));
        svg.AppendLine(Invariant($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', coordinates)}\"/>"));
        foreach (var point in series.Points)
        {
            var fill = point.Clean ? colour : "white";
            svg.AppendLine(Invariant($"<circle cx=\"{x.Map(point.OfferedPerSecond):0.#}\" cy=\"{y.Map(point.P99Ms):0.#}\" r=\"3.5\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"1.5\"><title>{Escape(TargetNames.Label(series.Target))}: {point.OfferedPerSecond:N0}/s, p99 {Formats.Ms(point.P99Ms)} ms</title></circle>"));
        }

        // Legend to the right of the plot, one row per target.
        var legendY = Top + 10 + (index * 22);
        svg.AppendLine(Invariant($"<line x1=\"{Right + 16}\" y1=\"{legendY}\" x2=\"{Right + 44}\" y2=\"{legendY}\" stroke=\"{colour}\" stroke-width=\"3\"/>"));
        svg.AppendLine(Invariant($"<text x=\"{Right + 50}\" y=\"{legendY + 4}\">{Escape(TargetNames.Label(series.Target))}</text>"));
    }

    /// <summary>Rate tick labels: 100, 200, 500, 1k, 20k.</summary>
    private static string RateLabel(double value) => value >= 1000
        ? Invariant($"{value / 1000:0.##}k")
        : Invariant($"{value:0.###}");

    /// <summary>Latency tick labels: 0.1 ms, 1 ms, 100 ms, 1 s, 10 s.</summary>
    private static string LatencyLabel(double ms) => ms >= 1000
        ? Invariant($"{ms / 1000:0.##} s")
        : Invariant($"{ms:0.###} ms");

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
