using System.CommandLine;
using Npgsql;

namespace Orleans.Stock.Schema.Cli;

/// <summary><c>apply</c>: every embedded script not yet applied as it is, under the migrators' lock.</summary>
public static class ApplyCommand
{
    public static Command Create()
    {
        var connection = ConnectionOptions.Connection();
        var wait = ConnectionOptions.Wait();
        var command = new Command("apply", "Apply the scripts the database does not have yet (safe to run again)");
        command.Options.Add(connection);
        command.Options.Add(wait);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(connection) is not { Length: > 0 } connectionString)
            {
                await Console.Error.WriteLineAsync($"no connection string: pass --connection or set {ConnectionOptions.Variable}");
                return 2;
            }

            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var migrator = new SchemaMigrator(dataSource);
            var applied = await DatabaseReadiness.Pipeline(parse.GetValue(wait))
                .ExecuteAsync(async token => await migrator.ApplyAsync(SchemaScripts.Embedded, token), cancellationToken);
            foreach (var name in applied)
            {
                Console.WriteLine($"applied {name}");
            }

            Console.WriteLine($"{applied.Count} of {SchemaScripts.Embedded.Count} scripts applied; the rest were up to date");
            return 0;
        });
        return command;
    }
}
