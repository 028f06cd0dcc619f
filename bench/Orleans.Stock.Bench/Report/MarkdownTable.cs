using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// A GitHub-flavoured Markdown table. A column whose every cell is a number (or "-") is right-aligned,
/// so digits line up; the rest stay left-aligned.
/// </summary>
public sealed partial class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {headers.Length} columns", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public void WriteTo(StringBuilder markdown)
    {
        Line(markdown, headers);
        Line(markdown, headers.Select((_, column) => IsNumeric(column) ? "---:" : "---"));
        foreach (var row in _rows)
        {
            Line(markdown, row);
        }

        markdown.AppendLine();
    }

    private bool IsNumeric(int column) =>
        _rows.Count > 0 && _rows.All(row => row[column] == "-" || NumberCell().IsMatch(row[column]));

    // 4,512 · 0.84 · 12.5 % · 235 MiB · 11.4x · 12 (0.8 %)
    [GeneratedRegex(@"^[0-9][0-9.,]*( %| MiB|x)?( \([0-9.,]+ %\))?$")]
    private static partial Regex NumberCell();

    // A pipe inside a cell would end it.
    private static void Line(StringBuilder markdown, IEnumerable<string> cells) =>
        markdown.Append("| ").AppendJoin(" | ", cells.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))).AppendLine(" |");
}
