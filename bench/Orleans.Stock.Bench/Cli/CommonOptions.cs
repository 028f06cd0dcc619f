using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Orleans.Stock.Bench.Load;
using Orleans.Stock.Bench.Results;
using Orleans.Stock.Bench.Runs;
using Orleans.Stock.Bench.Workload;

namespace Orleans.Stock.Bench.Cli;

/// <summary>
/// The options <c>run</c> and <c>find-max</c> share: the server, the target, the workload and the client.
/// One instance per command, since an option object belongs to the command it was added to.
/// </summary>
public sealed partial class CommonOptions
{
    public Option<string> Url { get; } = new("--url")
    {
        Description = "Base URL of the Stock API (default: $STOCK_BENCH_URL or http://127.0.0.1:5080)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("STOCK_BENCH_URL") ?? "http://127.0.0.1:5080",
    };

    /// <summary>Kept out of <see cref="RunPlan"/> (and so out of every result file): the commands hand it to the HTTP client.</summary>
    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "API key sent as \"Authorization: Bearer <key>\" with every request (default: $STOCK_API_KEY; empty: none). Creating products needs an admin key",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("STOCK_API_KEY"),
        HelpName = "key",
    };

    public Option<string> Engine { get; } = new Option<string>("--engine")
    {
        Description = "Engine the run's products are created with",
        DefaultValueFactory = _ => "grain",
    }.AcceptOnlyFromAmong(Target.Engines);

    public Option<string?> Strategy { get; } = new Option<string?>("--strategy")
    {
        Description = "X-Stock-Strategy sent with every reservation (sql: pessimistic|optimistic; grain: grain). Absent: the server decides",
    }.AcceptOnlyFromAmong(Target.Strategies);

    public Option<TimeSpan> Duration { get; } = new Option<TimeSpan>("--duration", "-d")
    {
        Description = "Length of the measured load phase (of each step for find-max), e.g. 10s, 500ms, 2m",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(10),
        CustomParser = DurationParser.Parse,
        HelpName = "time",
    }.AtLeast(TimeSpan.FromMilliseconds(100));

    public Option<TimeSpan> Warmup { get; } = new("--warmup")
    {
        Description = "Unmeasured load at the same rate before measuring (audited all the same), e.g. 2s [default: 0]",
        CustomParser = DurationParser.Parse,
        HelpName = "time",
    };

    public Option<int> Skus { get; } = new Option<int>("--skus")
    {
        Description = "Number of products; SKU 0 is the hot one",
        DefaultValueFactory = _ => 1,
    }.Within(1, 100_000);

    public Option<double?> HotShare { get; } = new Option<double?>("--hot-share")
    {
        Description = "Fraction of reservations for SKU 0, the rest uniform over the others (default: uniform over all)",
    }.Within(0.0, 1.0);

    public Option<QuantityRange> Quantity { get; } = new("--quantity", "-q")
    {
        Description = "Units per reservation: N or MIN-MAX (uniform), e.g. 1 or 1-3",
        DefaultValueFactory = _ => new QuantityRange(1, 1),
        CustomParser = ParseQuantity,
    };

    public Option<double> Confirm { get; } = new Option<double>("--confirm")
    {
        Description = "Fraction of successful reservations confirmed right after",
        DefaultValueFactory = _ => 0,
    }.Within(0.0, 1.0);

    public Option<double> Cancel { get; } = new Option<double>("--cancel")
    {
        Description = "Fraction of successful reservations cancelled right after (the rest are abandoned to expire)",
        DefaultValueFactory = _ => 0,
    }.Within(0.0, 1.0);

    public Option<int> Ttl { get; } = new Option<int>("--ttl")
    {
        Description = "ttlSeconds of every reservation",
        DefaultValueFactory = _ => 900,
    }.Within(1, 86_400);

    public Option<int> InitialStock { get; } = new Option<int>("--initial-stock")
    {
        Description = "initialStock of every product (use a small number for a flash sale)",
        DefaultValueFactory = _ => 1_000_000,
    }.Within(0, 1_000_000_000);

    public Option<int> Prefill { get; } = new Option<int>("--prefill")
    {
        Description = "Pending one-unit reservations created on SKU 0 before measuring (deep backlog)",
        DefaultValueFactory = _ => 0,
    }.Within(0, 10_000_000);

    public Option<string?> Prefix { get; } = new("--prefix")
    {
        Description = "SKU prefix of the run's products (default: bench-<utc time>-<random>); must be new",
    };

    public Option<bool> IdempotencyKeys { get; } = new("--idempotency-keys")
    {
        Description = "Send a unique Idempotency-Key with every reservation, as a careful client would",
    };

    public Option<int> MaxInFlight { get; } = new Option<int>("--max-inflight")
    {
        Description = "Open model: sessions in flight beyond which a due request counts as client-overload instead of being sent",
        DefaultValueFactory = _ => 10_000,
    }.Within(1, 1_000_000);

    public Option<int> MaxConnections { get; } = new Option<int>("--max-connections")
    {
        Description = "HTTP connections to the server",
        DefaultValueFactory = _ => 256,
    }.Within(1, 65_535);

    public Option<TimeSpan> RequestTimeout { get; } = new Option<TimeSpan>("--request-timeout")
    {
        Description = "Client timeout of one request",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        CustomParser = DurationParser.Parse,
        HelpName = "time",
    }.AtLeast(TimeSpan.FromMilliseconds(10));

    public Option<string[]> SiloMetrics { get; } = new("--silo-metrics")
    {
        Description = "A silo's Prometheus endpoint (repeatable), e.g. http://127.0.0.1:19100/metrics: adds the group-commit batch sizes",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Json { get; } = new("--json")
    {
        Description = "Write the full result as JSON to this path",
    };

    public Option<string?> Scenario { get; } = new("--scenario")
    {
        Description = "The scenario this run belongs to (scripts/bench.sh: tps, conflict, flash, ...), written into the result for the report",
    };

    public Option<string?> ScenarioParam { get; } = new("--scenario-param")
    {
        Description = "The scenario's parameter (an offered rate, a conflict level, ...), written into the result beside --scenario",
    };

    public void AddTo(Command command)
    {
        Option[] all =
        [
            Url, ApiKey, Engine, Strategy, Duration, Warmup, Skus, HotShare, Quantity, Confirm, Cancel, Ttl, InitialStock, Prefill,
            Prefix, IdempotencyKeys, MaxInFlight, MaxConnections, RequestTimeout, SiloMetrics, Json, Scenario, ScenarioParam,
        ];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(Validate);
    }

    /// <summary>The load settings shared by both commands; the command fills in rate or users.</summary>
    public LoadSettings ReadLoad(ParseResult parse, LoadModel model, double? rate, int? users) =>
        new(model, rate, users, parse.GetValue(Duration), parse.GetValue(MaxInFlight), parse.GetValue(Warmup));

    public RunPlan ReadPlan(ParseResult parse, LoadSettings load)
    {
        var workload = new WorkloadSettings(
            new Target(parse.GetValue(Engine)!, parse.GetValue(Strategy)),
            parse.GetValue(Skus),
            parse.GetValue(HotShare),
            parse.GetValue(Quantity),
            new FollowUpMix(parse.GetValue(Confirm), parse.GetValue(Cancel)),
            parse.GetValue(Ttl),
            parse.GetValue(InitialStock),
            parse.GetValue(Prefill),
            parse.GetValue(Prefix) ?? ProductSet.NewPrefix(),
            parse.GetValue(IdempotencyKeys));
        return new RunPlan(ParseBaseUrl(parse.GetValue(Url)!)!, workload, load, parse.GetValue(MaxConnections), parse.GetValue(RequestTimeout))
        {
            SiloMetricsUrls = [.. (parse.GetValue(SiloMetrics) ?? []).Select(url => new Uri(url))],
            Scenario = parse.GetValue(Scenario) is { } scenario ? new ScenarioTag(scenario, workload.Target.Name, parse.GetValue(ScenarioParam)) : null,
        };
    }

    private void Validate(CommandResult result)
    {
        if (result.HasUnreadableOption())
        {
            return;
        }

        if (ParseBaseUrl(Value(result, Url)) is null)
        {
            result.AddError("--url must be an absolute http(s) URL");
        }

        foreach (var url in result.GetValue(SiloMetrics) ?? [])
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                result.AddError($"--silo-metrics '{url}' is not an absolute http(s) URL");
            }
        }

        if (new Target(Value(result, Engine)!, Value(result, Strategy)).Validate() is { } targetError)
        {
            result.AddError($"--engine/--strategy: {targetError}");
        }

        if (new FollowUpMix(Value(result, Confirm), Value(result, Cancel)).Validate() is { } mixError)
        {
            result.AddError(mixError);
        }

        if (Value(result, Prefill) > Value(result, InitialStock))
        {
            result.AddError("--prefill takes one unit per reservation, so it cannot exceed --initial-stock");
        }

        if (Value(result, Prefix) is { } prefix && !PrefixPattern().IsMatch(prefix))
        {
            // Leaves room in docs/api.md's 64 characters for find-max's step suffix and the SKU number.
            result.AddError("--prefix must be 1-40 characters of [A-Za-z0-9._-]");
        }

        // The same characters as a prefix: bench.sh builds file names from them.
        foreach (var option in new[] { Scenario, ScenarioParam })
        {
            if (Value(result, option) is { } word && !PrefixPattern().IsMatch(word))
            {
                result.AddError($"{option.Name} must be 1-40 characters of [A-Za-z0-9._-]");
            }
        }

        if (Value(result, ScenarioParam) is not null && Value(result, Scenario) is null)
        {
            result.AddError("--scenario-param needs --scenario");
        }
    }

    /// <summary>
    /// An option's value as a command validator sees it. System.CommandLine 2.0 hands validators
    /// default(T) for options not on the command line, not their DefaultValueFactory's value.
    /// </summary>
    internal static T? Value<T>(CommandResult result, Option<T> option) =>
        result.GetResult(option) is null && option.HasDefaultValue ? (T?)option.GetDefaultValue() : result.GetValue(option);

    /// <summary>An absolute http(s) URL ending in a slash (so relative API paths append to it), or null.</summary>
    internal static Uri? ParseBaseUrl(string? text) =>
        Uri.TryCreate(text?.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;

    private static QuantityRange ParseQuantity(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (QuantityRange.TryParse(text, out var range, out var error))
        {
            return range;
        }

        result.AddError(error!);
        return default;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$")]
    private static partial Regex PrefixPattern();
}
