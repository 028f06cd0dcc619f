using System.CommandLine;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Load;
using Orleans.Stock.Bench.Reporting;
using Orleans.Stock.Bench.Runs;
using Spectre.Console;

namespace Orleans.Stock.Bench.Cli;

/// <summary><c>run</c>: one load run, open model at <c>--rate</c> or closed model with <c>--users</c>.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var failover = new FailoverOptions();
        var rate = new Option<double>("--rate", "-r")
        {
            Description = "Open model: reservations per second, sent on schedule whether or not earlier ones answered",
            DefaultValueFactory = _ => 100,
        }.Within(0.1, 1_000_000.0);
        var users = new Option<int?>("--users", "-u")
        {
            Description = "Closed model instead: N users, each sending its next request when the previous answered",
        }.Within(1, 100_000);

        var command = new Command("run", "One load run against the Stock API, then an audit of every product");
        common.AddTo(command);
        failover.AddTo(command, common.Duration);
        command.Options.Add(rate);
        command.Options.Add(users);
        command.Validators.Add(result =>
        {
            if (result.GetResult(users) is not null && result.GetResult(rate) is { Implicit: false })
            {
                result.AddError("--rate (open model) and --users (closed model) exclude each other");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var closedUsers = parse.GetValue(users);
            var load = closedUsers is null
                ? common.ReadLoad(parse, LoadModel.Open, parse.GetValue(rate), null)
                : common.ReadLoad(parse, LoadModel.Closed, null, closedUsers);
            return await ExecuteAsync(failover.Apply(parse, common.ReadPlan(parse, load)), parse.GetValue(common.Json), cancellationToken);
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(RunPlan plan, string? jsonPath, CancellationToken cancellationToken)
    {
        HttpClient[] clients = [.. new[] { plan.BaseUrl }.Concat(plan.SpreadUrls).Select(url => SharedHttpClient.Create(url, plan.MaxConnections, plan.RequestTimeout))];
        try
        {
            var apis = clients.Select(client => new StockApiClient(client)).ToList();
            return await ExecuteAsync(plan, apis[0], new ApiRotation(apis), jsonPath, cancellationToken);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static async Task<int> ExecuteAsync(RunPlan plan, StockApiClient api, ApiRotation loadApis, string? jsonPath, CancellationToken cancellationToken)
    {
        var progress = new RunProgress();
        RunResult result;
        try
        {
            result = await ProgressDisplay.RunAsync(
                $"run {plan.Workload.Target.Label}",
                progress,
                () => new BenchRun(api, plan, loadApis).ExecuteAsync(progress, cancellationToken));
        }
        catch (BenchSetupException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return ExitCodes.SetupFailed;
        }

        RunResultView.Render(result);
        if (jsonPath is not null)
        {
            await ResultJsonWriter.WriteAsync(jsonPath, result, ResultJsonContext.Default.RunResult);
            AnsiConsole.MarkupLine($"result written to {Markup.Escape(Path.GetFullPath(jsonPath))}");
        }

        return result.Audit.Passed ? ExitCodes.Success : ExitCodes.AuditFailed;
    }
}
