using System.CommandLine;
using Orleans.Stock.Bench.Api;
using Orleans.Stock.Bench.Load;
using Orleans.Stock.Bench.Results;
using Orleans.Stock.Bench.Runs;
using Orleans.Stock.Bench.Terminal;
using Orleans.Stock.Bench.Workload;
using Spectre.Console;

namespace Orleans.Stock.Bench.Cli;

/// <summary><c>run</c>: one load run, open model at <c>--rate</c> or closed model with <c>--users</c>.</summary>
public static class RunCommand
{
    private const int MaxCartLines = 100;

    public static Command Create()
    {
        var common = new CommonOptions();
        var failover = new FailoverOptions();
        var delivery = new DeliveryOptions();
        var rate = new Option<double>("--rate", "-r")
        {
            Description = "Open model: reservations per second, sent on schedule whether or not earlier ones answered",
            DefaultValueFactory = _ => 100,
        }.Within(0.1, 1_000_000.0);
        var users = new Option<int?>("--users", "-u")
        {
            Description = "Closed model instead: N users, each sending its next request when the previous answered",
        }.Within(1, 100_000);
        var cartLines = new Option<QuantityRange?>("--cart-lines")
        {
            Description = "Every session is a cart of N or MIN-MAX distinct SKUs (uniform), reserved all or nothing; --quantity is per line",
            CustomParser = ParseCartLines,
        };

        var command = new Command("run", "One load run against the Stock API, then an audit of every product");
        common.AddTo(command);
        failover.AddTo(command, common.Duration);
        command.Options.Add(rate);
        command.Options.Add(users);
        command.Options.Add(cartLines);
        delivery.AddTo(command, common, cartLines);
        command.Validators.Add(result =>
        {
            if (result.HasUnreadableOption())
            {
                return;
            }

            if (result.GetResult(users) is not null && result.GetResult(rate) is { Implicit: false })
            {
                result.AddError("--rate (open model) and --users (closed model) exclude each other");
            }

            // Validators see default(T) for an option left out, not its default value (1 SKU).
            var skus = result.GetResult(common.Skus) is null ? 1 : result.GetValue(common.Skus);
            if (result.GetValue(cartLines) is { } lines && lines.Max > skus)
            {
                result.AddError("--cart-lines: a cart's SKUs are distinct, so its largest size cannot exceed --skus");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var closedUsers = parse.GetValue(users);
            var load = closedUsers is null
                ? common.ReadLoad(parse, LoadModel.Open, parse.GetValue(rate), null)
                : common.ReadLoad(parse, LoadModel.Closed, null, closedUsers);
            var plan = delivery.Apply(parse, failover.Apply(parse, common.ReadPlan(parse, load)));
            plan = plan with { Workload = plan.Workload with { CartLines = parse.GetValue(cartLines) } };
            return await ExecuteAsync(plan, parse.GetValue(common.ApiKey), parse.GetValue(common.Json), cancellationToken);
        });
        return command;
    }

    /// <summary>docs/api.md allows 1..100 lines per cart.</summary>
    private static QuantityRange? ParseCartLines(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (QuantityRange.TryParse(text, out var range, out var error) && range.Max <= MaxCartLines)
        {
            return range;
        }

        result.AddError(error ?? $"--cart-lines '{text}': a cart has at most {MaxCartLines} lines");
        return null;
    }

    private static async Task<int> ExecuteAsync(RunPlan plan, string? apiKey, string? jsonPath, CancellationToken cancellationToken)
    {
        HttpClient[] clients = [.. new[] { plan.BaseUrl }.Concat(plan.SpreadUrls).Select(url => SharedHttpClient.Create(url, plan.MaxConnections, plan.RequestTimeout, apiKey))];
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

        return result.AuditPassed ? ExitCodes.Success : ExitCodes.AuditFailed;
    }
}
