using System.Globalization;
using System.Text.Json.Serialization;

namespace Orleans.Stock.Bench.Results;

/// <summary>
/// Which scenario of <c>scripts/bench.sh</c> a result belongs to and which row of the report it
/// fills, written by the run itself (<c>--scenario</c>, <c>--scenario-param</c>): the report reads
/// it from the result instead of guessing it back from the file's name.
/// </summary>
/// <param name="Name">The scenario: <c>tps</c>, <c>conflict</c>, <c>flash</c>, <c>at1000</c>, <c>findmax</c>,
/// <c>cart</c>, <c>backlog</c>, <c>failover</c>.</param>
/// <param name="Target">Engine and strategy as one word, the way bench.sh names targets: <c>grain</c>,
/// <c>sql-pessimistic</c>, <c>mixed</c>; taken from the run's own <c>--engine</c>/<c>--strategy</c>.</param>
/// <param name="Param">The scenario's parameter: an offered rate (tps), a conflict level in % (conflict),
/// <c>p99-50</c>, <c>empty</c>, <c>kill9</c>...; null when it was not given.</param>
public sealed record ScenarioTag(string Name, string Target, string? Param)
{
    /// <summary>The param as a number (a rate, a conflict level), or null when it is a word like <c>empty</c>.</summary>
    [JsonIgnore]
    public double? Number =>
        double.TryParse(Param, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
