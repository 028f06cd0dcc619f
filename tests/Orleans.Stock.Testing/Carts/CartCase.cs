namespace Orleans.Stock.Tests.Carts;

/// <summary>
/// The engines a cart's lines live on: one engine case of the contract suite for every line;
/// <c>mixed</c> (lines alternate grain and sql, sql served pessimistically unless the header
/// asks); or <c>mixed3</c> (lines cycle grain, sql, redis). <see cref="Strategy"/> goes with the
/// cart as <c>X-Stock-Strategy</c>.
/// </summary>
public sealed record CartCase(string Name, string? Strategy)
{
    public static TheoryData<string> All => new() { "grain", "sql:pessimistic", "sql:optimistic", "redis", "mixed", "mixed:optimistic", "mixed3" };

    private static readonly string[] Mixed = ["grain", "sql"];
    private static readonly string[] Mixed3 = ["grain", "sql", "redis"];

    public static CartCase Of(string name) => name.Split(':') switch
    {
        [var engine] => new(engine, null),
        [_, var strategy] => new(name, strategy),
        _ => throw new ArgumentException(name),
    };

    /// <summary>The engine case for creating line <paramref name="line"/>'s product.</summary>
    public string EngineOfLine(int line) => Name.Split(':')[0] switch
    {
        "mixed" => Mixed[line % Mixed.Length],
        "mixed3" => Mixed3[line % Mixed3.Length],
        var engine => engine,
    };

    public override string ToString() => Name;
}
