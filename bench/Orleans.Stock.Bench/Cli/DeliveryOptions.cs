using System.CommandLine;
using System.CommandLine.Parsing;
using Orleans.Stock.Bench.Runs;

namespace Orleans.Stock.Bench.Cli;

/// <summary>
/// The options of <c>run</c> for a delivery-lag run: a webhook receiver inside the load generator, its
/// events audited against the acknowledged reservations, and the server's intervals to record beside the lag.
/// </summary>
public sealed class DeliveryOptions
{
    public Option<int?> WebhookPort { get; } = new Option<int?>("--webhook-port")
    {
        Description = "Receive the run's reservation.created events on 127.0.0.1:PORT through a webhook (created before the load, deleted after): delivery lag p50/p99/max and an audit of them",
    }.Within(1024, 65_535);

    public Option<TimeSpan> DeliveryWait { get; } = new Option<TimeSpan>("--delivery-wait")
    {
        Description = "With --webhook-port: how long after the load to wait for the last acknowledged reservation's event",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(60),
        CustomParser = DurationParser.Parse,
        HelpName = "time",
    }.AtLeast(TimeSpan.FromMilliseconds(100));

    public Option<TimeSpan?> StampInterval { get; } = new("--stamp-interval")
    {
        Description = "The server's Stock:Events:StampInterval, recorded beside the lag (the API does not show it)",
        CustomParser = result => DurationParser.Parse(result),
        HelpName = "time",
    };

    public Option<TimeSpan?> PollInterval { get; } = new("--poll-interval")
    {
        Description = "The server's Stock:Webhooks:PollInterval, recorded beside the lag (the API does not show it)",
        CustomParser = result => DurationParser.Parse(result),
        HelpName = "time",
    };

    public void AddTo(Command command, CommonOptions common, Option cartLines)
    {
        command.Options.Add(WebhookPort);
        command.Options.Add(DeliveryWait);
        command.Options.Add(StampInterval);
        command.Options.Add(PollInterval);
        command.Validators.Add(result => Validate(result, common, cartLines));
    }

    public RunPlan Apply(ParseResult parse, RunPlan plan) => plan with
    {
        Delivery = parse.GetValue(WebhookPort) is { } port
            ? new DeliveryPlan(port, parse.GetValue(DeliveryWait), parse.GetValue(StampInterval), parse.GetValue(PollInterval))
            : null,
    };

    private void Validate(CommandResult result, CommonOptions common, Option cartLines)
    {
        if (result.HasUnreadableOption() || result.GetValue(WebhookPort) is null)
        {
            return;
        }

        // The audit knows reservations by the ids the load's single reserves were answered with.
        if (result.GetResult(cartLines) is not null)
        {
            result.AddError("--webhook-port audits single reservations; it does not go with --cart-lines");
        }

        if (CommonOptions.Value(result, common.Prefill) > 0)
        {
            result.AddError("--webhook-port does not go with --prefill (the prefill's reservations are not tracked by id)");
        }
    }
}
