using System.CommandLine;

namespace Orleans.Stock.Schema.Cli;

/// <summary>The options both commands take: where the database is and how long to wait for it.</summary>
public static class ConnectionOptions
{
    /// <summary>The variable the silo and the API read their connection string from, so one secret serves all three.</summary>
    public const string Variable = "ConnectionStrings__Stock";

    public static Option<string> Connection() => new("--connection")
    {
        Description = $"Npgsql connection string (default: ${Variable})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(Variable) ?? "",
    };

    public static Option<TimeSpan> Wait() => new("--wait")
    {
        Description = "How long to retry while the database does not accept connections yet (a job started beside it)",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(60),
    };
}
