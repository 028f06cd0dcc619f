using System.CommandLine;

namespace Orleans.Stock.Schema.Cli;

/// <summary><c>status</c>: which embedded scripts the database has as they are; exit 1 when any is missing.</summary>
public static class StatusCommand
{
    public static Command Create() => SchemaCommand.Create(
        "status",
        "List the scripts and whether each is applied; exits 1 if any is not",
        async (migrator, cancellationToken) =>
        {
            var statuses = await migrator.StatusAsync(SchemaScripts.Embedded, cancellationToken);
            foreach (var status in statuses)
            {
                Console.WriteLine($"{(status.Applied ? "applied" : "pending"),-8} {status.Script.Name}");
            }

            return statuses.All(s => s.Applied) ? 0 : 1;
        });
}
