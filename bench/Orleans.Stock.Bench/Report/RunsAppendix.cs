using System.Globalization;
using System.Text;
using Orleans.Stock.Bench.Formatting;

namespace Orleans.Stock.Bench.Report;

/// <summary>
/// Every result file with its audit, its errors and the machine around it (load average at its start,
/// silo memory before and after), so a surprising number can be traced to its run and its conditions.
/// </summary>
public static class RunsAppendix
{
    public static BarResult? Bar(ResultSet results)
    {
        var audits = Audits(results).ToList();
        if (audits.Count == 0)
        {
            return null;
        }

        var passed = audits.Count(a => a.Passed);
        return new BarResult("audit of every run (no oversell, no lost acknowledgement)", $"{passed}/{audits.Count} passed", passed == audits.Count);
    }

    public static void Write(ResultSet results, StringBuilder markdown)
    {
        markdown.AppendLine("## Every run").AppendLine();
        markdown.AppendLine("Load average (1/5/15 min) when the run started; silo VmRSS before and after it. Failed audits and client-side errors are listed per file.").AppendLine();
        var table = new MarkdownTable("file", "kind", "audit", "errors", "load avg", "silo RSS before", "after");
        foreach (var entry in results.Runs)
        {
            table.Row(entry.File, "run", Formats.Audit(entry.Result.AuditPassed), Formats.Count(entry.Result.Errors), Load(entry.Host), Formats.MiB(entry.Host?.SiloRssBeforeKb), Formats.MiB(entry.Host?.SiloRssAfterKb));
        }

        foreach (var entry in results.FindMaxes)
        {
            var errors = entry.Result.Steps.Sum(s => s.Run.Errors);
            table.Row(entry.File, string.Create(CultureInfo.InvariantCulture, $"find-max, {entry.Result.Steps.Count} steps"), Formats.Audit(entry.Result.AuditPassed), Formats.Count(errors), Load(entry.Host), Formats.MiB(entry.Host?.SiloRssBeforeKb), Formats.MiB(entry.Host?.SiloRssAfterKb));
        }

        table.WriteTo(markdown);
        foreach (var problem in results.Problems)
        {
            markdown.AppendLine($"- could not read {problem}");
        }
    }

    private static IEnumerable<(string File, bool Passed)> Audits(ResultSet results) =>
        results.Runs.Select(r => (r.File, r.Result.AuditPassed))
            .Concat(results.FindMaxes.Select(f => (f.File, f.Result.AuditPassed)));

    private static string Load(HostReading? host) =>
        host is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{host.Load1:0.0} / {host.Load5:0.0} / {host.Load15:0.0}");
}
