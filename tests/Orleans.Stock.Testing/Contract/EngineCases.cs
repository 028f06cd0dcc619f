namespace Orleans.Stock.Tests.Contract;

/// <summary>
/// The (engine, strategy) pairs every contract case runs against, written <c>engine</c> or
/// <c>engine:strategy</c>; each new engine or strategy joins here.
/// </summary>
public static class EngineCases
{
    public static IReadOnlyList<string> Names { get; } = ["grain", "sql:pessimistic", "sql:optimistic", "redis"];

    public static TheoryData<string> All => new(Names);

    public static string EngineOf(string engineCase) => engineCase.Split(':')[0];

    public static string? StrategyOf(string engineCase) => engineCase.Split(':') is [_, var strategy] ? strategy : null;
}
