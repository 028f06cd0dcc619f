using System.CommandLine;

namespace Orleans.Stock.Bench.Cli;

public static class BenchCommandLine
{
    public static RootCommand Create() =>
        new("Load generator and benchmark for the Orleans.Stock HTTP API (docs/api.md): open or closed model, HdrHistogram latencies, server conflict metrics and an audit of every product")
        {
            RunCommand.Create(),
            FindMaxCommand.Create(),
            ReportCommand.Create(),
        };
}
