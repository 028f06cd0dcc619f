using System.Text;
using Orleans.Stock.Bench.Report;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>The report's tables: numeric columns right-aligned so digits line up, cells that cannot break the table.</summary>
public class MarkdownTableTests
{
    [Fact]
    public void Numeric_columns_are_right_aligned_and_text_columns_left()
    {
        var markdown = new StringBuilder();
        new MarkdownTable("target", "p99", "errors", "share", "memory", "ratio", "unknown")
            .Row("grain", "4,512", "12 (0.8 %)", "12.5 %", "235 MiB", "11.4x", "-")
            .Row("sql/pessimistic", "-", "0", "0.50 %", "-", "-", "-")
            .WriteTo(markdown);

        Assert.Equal(
            "| target | p99 | errors | share | memory | ratio | unknown |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            + "| grain | 4,512 | 12 (0.8 %) | 12.5 % | 235 MiB | 11.4x | - |\n"
            + "| sql/pessimistic | - | 0 | 0.50 % | - | - | - |\n"
            + "\n",
            markdown.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void One_word_in_a_column_keeps_it_left_aligned_and_a_pipe_is_escaped()
    {
        var markdown = new StringBuilder();
        new MarkdownTable("rate", "stopped")
            .Row("100", "`kill -9 1 | true`")
            .Row("n/a", "cancelled")
            .WriteTo(markdown);

        var lines = markdown.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("| --- | --- |", lines[1]);
        Assert.Equal("| 100 | `kill -9 1 \\| true` |", lines[2]);
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_refused()
    {
        var table = new MarkdownTable("a", "b");

        Assert.Throws<ArgumentException>(() => table.Row("only one"));
    }
}
