using System.CommandLine;

namespace Orleans.Stock.Schema.Cli;

/// <summary><c>apply</c> and <c>status</c> against the database named by <c>--connection</c> or <c>ConnectionStrings__Stock</c>.</summary>
public static class SchemaCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Applies the Orleans.Stock schema (scripts/sql, embedded at build) without psql");
        root.Subcommands.Add(ApplyCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        return root;
    }
}
