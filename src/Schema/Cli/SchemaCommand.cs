using System.CommandLine;
using Npgsql;

namespace Orleans.Stock.Schema.Cli;

/// <summary>
/// What every command shares: the connection options, refusing to run without a connection string, and
/// the retries while the server is not ready yet; the action gets a migrator over the database.
/// </summary>
public static class SchemaCommand
{
    public static Command Create(string name, string description, Func<SchemaMigrator, CancellationToken, Task<int>> action)
    {
        var connection = ConnectionOptions.Connection();
        var wait = ConnectionOptions.Wait();
        var command = new Command(name, description);
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
            try
            {
                return await DatabaseReadiness.Pipeline(parse.GetValue(wait))
                    .ExecuteAsync(async token => await action(migrator, token), cancellationToken);
            }
            catch (NpgsqlException ex)
            {
                // A script's error or a server still unreachable after --wait: the message is what an operator needs.
                await Console.Error.WriteLineAsync($"failed: {ex.Message}");
                return 3;
            }
        });
        return command;
    }
}
