using Orleans.Stock.Schema.Cli;

namespace Orleans.Stock.Schema;

/// <summary>
/// In a namespace rather than top-level: the tests reference this tool and the API at once, and two global
/// <c>Program</c> types would clash there.
/// </summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => SchemaCommandLine.Create().Parse(args).InvokeAsync();
}
