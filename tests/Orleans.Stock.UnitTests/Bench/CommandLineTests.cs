using System.CommandLine;
using Orleans.Stock.Bench.Cli;
using Orleans.Stock.Bench.Load;
using Orleans.Stock.Bench.Results;

namespace Orleans.Stock.UnitTests.Bench;

/// <summary>
/// The command line refuses bad values at parse time, naming the option (OptionRanges, the commands'
/// validators), and turns good ones into the run's plan. Parsing only: nothing is sent anywhere.
/// </summary>
public class CommandLineTests
{
    [Fact]
    public void A_value_outside_its_range_is_an_error_naming_option_bounds_and_value()
    {
        var skus = new Option<int>("--skus") { DefaultValueFactory = _ => 1 }.Within(1, 100);
        var command = new RootCommand { skus };

        Assert.Empty(command.Parse(["--skus", "100"]).Errors);
        var error = Assert.Single(command.Parse(["--skus", "0"]).Errors);
        Assert.Equal("--skus must be between 1 and 100, not 0", error.Message);
    }

    [Fact]
    public void An_optional_value_is_range_checked_only_when_given()
    {
        var share = new Option<double?>("--hot-share").Within(0.0, 1.0);
        var command = new RootCommand { share };

        Assert.Empty(command.Parse([]).Errors);
        Assert.Empty(command.Parse(["--hot-share", "0.3"]).Errors);
        Assert.Equal("--hot-share must be between 0 and 1, not 1.5", Assert.Single(command.Parse(["--hot-share", "1.5"]).Errors).Message);
    }

    [Fact]
    public void A_duration_has_a_floor_and_a_typo_names_the_expected_form()
    {
        var duration = new Option<TimeSpan>("--duration") { CustomParser = DurationParser.Parse }.AtLeast(TimeSpan.FromMilliseconds(100));
        var command = new RootCommand { duration };

        Assert.Empty(command.Parse(["--duration", "100ms"]).Errors);
        Assert.Equal("--duration must be at least 0.1 s", Assert.Single(command.Parse(["--duration", "50ms"]).Errors).Message);
        Assert.Contains(command.Parse(["--duration", "10x"]).Errors, e => e.Message == "'10x' is not a duration: use e.g. 500ms, 10s, 2m");
    }

    [Theory]
    [InlineData("--duration", "10x", "'10x' is not a duration: use e.g. 500ms, 10s, 2m")]
    [InlineData("--skus", "abc", "Cannot parse argument 'abc' for option '--skus' as expected type 'System.Int32'.")]
    [InlineData("--hot-share", "most", "Cannot parse argument 'most' for option '--hot-share' as expected type 'System.Nullable`1[System.Double]'.")]
    [InlineData("--cart-lines", "x", "'x' is not a quantity: use N or MIN-MAX, e.g. 1 or 1-3")]
    [InlineData("--fault-after", "soon", "'soon' is not a duration: use e.g. 500ms, 10s, 2m")]
    public void A_value_that_does_not_parse_is_its_one_error_not_an_exception(string option, string value, string message)
    {
        // The range checks and the cross-option checks ask for values; they must leave this one to its parse error.
        var errors = RunCommand.Create().Parse([option, value, "--fault-command", "true"]).Errors;

        Assert.Equal(message, Assert.Single(errors).Message);
    }

    [Theory]
    [InlineData("--prefill", "10", "--initial-stock", "5")]
    [InlineData("--confirm", "0.7", "--cancel", "0.5")]
    [InlineData("--engine", "grain", "--strategy", "optimistic")]
    [InlineData("--scenario-param", "100")]
    [InlineData("--scenario", "tps", "--scenario-param", "1 000")]
    [InlineData("--rate", "10", "--users", "4")]
    [InlineData("--cart-lines", "2-5", "--skus", "3")]
    [InlineData("--fault-after", "20s", "--duration", "10s", "--fault-command", "true")]
    public void The_run_command_refuses_contradictory_options(params string[] args) =>
        Assert.NotEmpty(RunCommand.Create().Parse(args).Errors);

    [Fact]
    public void The_run_command_accepts_what_bench_sh_passes()
    {
        string[] args =
        [
            "--engine", "sql", "--strategy", "pessimistic", "--skus", "1", "--initial-stock", "100000000", "--rate", "500",
            "--duration", "10s", "--warmup", "2s", "--scenario", "tps", "--scenario-param", "500", "--ttl", "86400",
            "--url", "http://127.0.0.1:5580", "--silo-metrics", "http://127.0.0.1:19711/metrics", "--json", "out/tps__sql-pessimistic__500.json",
        ];

        Assert.Empty(RunCommand.Create().Parse(args).Errors);
    }

    [Fact]
    public void The_plan_carries_the_scenario_with_the_target_named_from_engine_and_strategy()
    {
        var common = new CommonOptions();
        var command = new RootCommand();
        common.AddTo(command);
        var parse = command.Parse(["--engine", "sql", "--strategy", "optimistic", "--scenario", "conflict", "--scenario-param", "5"]);

        var plan = common.ReadPlan(parse, common.ReadLoad(parse, LoadModel.Open, 300, null));

        Assert.Empty(parse.Errors);
        Assert.Equal(new ScenarioTag("conflict", "sql-optimistic", "5"), plan.Scenario);
        Assert.Equal("sql/optimistic", plan.ToResultConfig().Target);
        Assert.Null(common.ReadPlan(command.Parse([]), common.ReadLoad(command.Parse([]), LoadModel.Open, 1, null)).Scenario);
    }
}
