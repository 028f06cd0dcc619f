using System.CommandLine;
using System.CommandLine.Parsing;
using Orleans.Stock.Bench.Runs;

namespace Orleans.Stock.Bench.Cli;

/// <summary>
/// The options of <c>run</c> for a failover run: spread the load over several API instances, and
/// run a command (kill -9 of a silo, say) once during it.
/// </summary>
public sealed class FailoverOptions
{
    public Option<string[]> SpreadUrl { get; } = new("--spread-url")
    {
        Description = "A further API instance to spread the load over, beside --url (repeatable); sessions take the APIs in turn",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<TimeSpan?> FaultAfter { get; } = new("--fault-after")
    {
        Description = "When, into the measured load, to run --fault-command, e.g. 20s",
        CustomParser = result => DurationParser.Parse(result),
        HelpName = "time",
    };

    public Option<string?> FaultCommand { get; } = new("--fault-command")
    {
        Description = "Shell command run once at --fault-after, e.g. \"kill -9 1234\"; the result then splits the load before, during and after it",
    };

    public void AddTo(Command command, Option<TimeSpan> duration)
    {
        command.Options.Add(SpreadUrl);
        command.Options.Add(FaultAfter);
        command.Options.Add(FaultCommand);
        command.Validators.Add(result => Validate(result, duration));
    }

    public RunPlan Apply(ParseResult parse, RunPlan plan) => plan with
    {
        SpreadUrls = [.. (parse.GetValue(SpreadUrl) ?? []).Select(url => CommonOptions.ParseBaseUrl(url)!)],
        Fault = parse.GetValue(FaultCommand) is { } command ? new FaultPlan(parse.GetValue(FaultAfter)!.Value, command) : null,
    };

    private void Validate(CommandResult result, Option<TimeSpan> duration)
    {
        if (result.HasUnreadableOption())
        {
            return;
        }

        foreach (var url in result.GetValue(SpreadUrl) ?? [])
        {
            if (CommonOptions.ParseBaseUrl(url) is null)
            {
                result.AddError($"--spread-url '{url}' is not an absolute http(s) URL");
            }
        }

        var after = result.GetValue(FaultAfter);
        var command = result.GetValue(FaultCommand);
        if (after is null != string.IsNullOrWhiteSpace(command))
        {
            result.AddError("--fault-after and --fault-command go together");
        }
        else if (after is { } at && (at <= TimeSpan.Zero || at >= CommonOptions.Value(result, duration)))
        {
            result.AddError("--fault-after must fall inside the measured load (0 < time < --duration)");
        }
    }
}
