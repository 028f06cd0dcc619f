using System.CommandLine;

namespace Orleans.Stock.Schema.Cli;

/// <summary><c>apply</c>: every embedded script not yet applied as it is, under the migrators' lock.</summary>
public static class ApplyCommand
{
    public static Command Create() => SchemaCommand.Create(
        "apply",
        "Apply the scripts the database does not have yet (safe to run again)",
        async (migrator, cancellationToken) =>
        {
            var applied = await migrator.ApplyAsync(SchemaScripts.Embedded, cancellationToken);
            foreach (var name in applied)
            {
                Console.WriteLine($"applied {name}");
            }

            Console.WriteLine($"{applied.Count} of {SchemaScripts.Embedded.Count} scripts applied; the rest were up to date");
            return 0;
        });
}
