using System.CommandLine;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Load;
using Orleans.Stock.Bench.Results;
using Orleans.Stock.Bench.Runs;
using Orleans.Stock.Bench.Terminal;
using Spectre.Console;

namespace Orleans.Stock.Bench.Cli;

/// <summary><c>find-max</c>: open-model steps of rising rate until reserve p99 breaks the bound or errors appear.</summary>
public static class FindMaxCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var startRate = new Option<double>("--start-rate")
        {
            Description = "Offered reservations per second of the first step",
            DefaultValueFactory = _ => 100,
        }.Within(1.0, 1_000_000.0);
        var step = new Option<double>("--step")
        {
            Description = "Factor between consecutive rates",
            DefaultValueFactory = _ => 1.5,
        }.Within(1.01, 10.0);
        var maxRate = new Option<double>("--max-rate")
        {
            Description = "Stop before offering more than this",
            DefaultValueFactory = _ => 100_000,
        }.Within(1.0, 10_000_000.0);
        var p99Bound = new Option<double>("--p99-bound-ms")
        {
            Description = "A step holds while reserve p99 stays at or below this, with no errors",
            DefaultValueFactory = _ => 50,
        }.Within(0.1, 600_000.0);
        var pause = new Option<TimeSpan>("--pause")
        {
            Description = "Quiet time between steps",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(1),
            CustomParser = DurationParser.Parse,
            HelpName = "time",
        };

        var retries = new Option<int>("--retries")
        {
            Description = "Times a step that missed is run again at the same rate before the search stops (a pause on a shared machine is not a limit)",
            DefaultValueFactory = _ => 1,
        }.Within(0, 5);

        var command = new Command("find-max", "Raise the offered rate step by step and report the highest that held");
        common.AddTo(command);
        foreach (var option in new Option[] { startRate, step, maxRate, p99Bound, pause, retries })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var load = common.ReadLoad(parse, LoadModel.Open, parse.GetValue(startRate), null);
            var settings = new FindMaxSettings(parse.GetValue(startRate), parse.GetValue(step), parse.GetValue(maxRate), parse.GetValue(p99Bound), parse.GetValue(pause), parse.GetValue(retries));
            return await ExecuteAsync(common.ReadPlan(parse, load), parse.GetValue(common.ApiKey), settings, parse.GetValue(common.Json), cancellationToken);
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(RunPlan plan, string? apiKey, FindMaxSettings settings, string? jsonPath, CancellationToken cancellationToken)
    {
        using var http = SharedHttpClient.Create(plan.BaseUrl, plan.MaxConnections, plan.RequestTimeout, apiKey);
        var api = new StockApiClient(http);
        FindMaxResult result;
        try
        {
            result = await new FindMaxSearch(api, plan, settings).ExecuteAsync(FindMaxView.RenderStep, cancellationToken);
        }
        catch (BenchSetupException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return ExitCodes.SetupFailed;
        }

        FindMaxView.Render(result);
        if (jsonPath is not null)
        {
            await ResultJsonWriter.WriteAsync(jsonPath, result, ResultJsonContext.Default.FindMaxResult);
            AnsiConsole.MarkupLine($"result written to {Markup.Escape(Path.GetFullPath(jsonPath))}");
        }

        return result.AuditPassed ? ExitCodes.Success : ExitCodes.AuditFailed;
    }
}
