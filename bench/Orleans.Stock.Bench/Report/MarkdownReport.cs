using System.Text;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// report.md: the verdicts against the bars first, then the guide's two tables with our
/// numbers, the scenarios, how the numbers were produced, and every run.
/// </summary>
public static class MarkdownReport
{
    public static string Render(ResultSet results, string chartFileName)
    {
        var markdown = new StringBuilder();
        markdown.AppendLine("# Orleans.Stock benchmark").AppendLine();
        if (results.Info is { } info)
        {
            markdown.AppendLine($"Produced by `{info.Command}` ({info.Mode} mode) on {info.StartedAt}, {info.Nproc} CPU(s), commit `{info.GitCommit}`; details at the end.").AppendLine();
        }

        WriteVerdicts(results, markdown);
        markdown.AppendLine($"![Reserve p99 latency against offered rate, one hot SKU, per target]({chartFileName})").AppendLine();
        TpsSection.Write(results, markdown);
        ConflictSection.Write(results, markdown);
        markdown.AppendLine("## 3. The issue's scenarios").AppendLine();
        FlashSaleSection.Write(results, markdown);
        CartSection.Write(results, markdown);
        BacklogSection.Write(results, markdown);
        FindMaxSection.Write(results, markdown);
        At1000Section.Write(results, markdown);
        GroupCommitSection.Write(results, markdown);
        OutboxSection.Write(results, markdown);
        FailoverSection.Write(results, markdown);
        ProvenanceSection.Write(results, markdown);
        RunsAppendix.Write(results, markdown);
        return markdown.ToString();
    }

    private static void WriteVerdicts(ResultSet results, StringBuilder markdown)
    {
        BarResult?[] bars =
        [
            FindMaxSection.Bar(results),
            At1000Section.Bar(results),
            .. BacklogSection.Bars(results),
            FlashSaleSection.Bar(results),
            CartSection.Bar(results),
            RunsAppendix.Bar(results),
        ];
        var table = new MarkdownTable("bar (issue #5)", "measured", "verdict");
        foreach (var bar in bars.OfType<BarResult>())
        {
            table.Row(bar.Bar, bar.Measured, PerformanceBars.Verdict(bar.Passed));
        }

        markdown.AppendLine("## Verdicts").AppendLine();
        table.WriteTo(markdown);
    }
}
