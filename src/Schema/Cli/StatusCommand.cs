using System.CommandLine;
using Npgsql;

namespace Orleans.Stock.Schema.Cli;

/// <summary><c>status</c>: which embedded scripts the database has as they are; exit 1 when any is missing.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var connection = ConnectionOptions.Connection();
        var wait = ConnectionOptions.Wait();
        var command = new Command("status", "List the scripts and whether each is applied; exits 1 if any is not");
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
            var statuses = await DatabaseReadiness.Pipeline(parse.GetValue(wait))
                .ExecuteAsync(async token => await new SchemaMigrator(dataSource).StatusAsync(SchemaScripts.Embedded, token), cancellationToken);
            foreach (var status in statuses)
            {
                Console.WriteLine($"{(status.Applied ? "applied" : "pending"),-8} {status.Script.Name}");
            }

            return statuses.All(s => s.Applied) ? 0 : 1;
        });
        return command;
    }
}
