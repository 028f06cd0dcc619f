using System.Globalization;
using System.Text;

namespace Orleans.Stock.Bench.Report;

/// <summary>How the numbers were produced: the command, when, on what machine, from which commit.</summary>
public static class ProvenanceSection
{
    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("## How these numbers were produced").AppendLine();
        if (results.Info is not { } info)
        {
            markdown.AppendLine("No run.json in the results folder: command, machine and commit unknown.").AppendLine();
            return;
        }

        var changes = info.GitChangedFiles == 0 ? "clean working tree" : $"plus {info.GitChangedFiles} uncommitted changed file(s) in the working tree";
        markdown
            .AppendLine($"- command: `{info.Command}` ({info.Mode} mode)")
            .AppendLine($"- date: {info.StartedAt} to {info.FinishedAt}")
            .AppendLine(string.Create(CultureInfo.InvariantCulture, $"- machine: {info.Nproc} CPU(s) ({info.CpuModel}), {info.MemTotalKb / 1024.0 / 1024.0:0.0} GiB memory, Linux {info.Kernel}; .NET SDK {info.Dotnet}; {info.Postgres}"))
            .AppendLine($"- commit: `{info.GitCommit}` ({changes})")
            .AppendLine($"- targets: {string.Join(", ", info.Targets.Select(TargetNames.Label))}")
            .AppendLine("- the service (one silo, one API, PostgreSQL, Redis) and the load generator share the machine; other work on it shows in the load averages")
            .AppendLine();
    }
}
