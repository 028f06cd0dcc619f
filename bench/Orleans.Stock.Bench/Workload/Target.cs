namespace Orleans.Stock.Bench.Workload;

/// <summary>
/// What a run measures: the engine that owns the products and, optionally, the strategy asked for
/// per request with <c>X-Stock-Strategy</c>. Without a strategy the server's configuration and rollout
/// rule decide, which is what a real client that does not care would see.
/// </summary>
public sealed record Target(string Engine, string? Strategy)
{
    /// <summary><c>mixed</c>: product <c>i</c> on <see cref="MixedEngines"/><c>[i % 3]</c>, so carts span engines.</summary>
    public static readonly string[] Engines = ["grain", "sql", "redis", "mixed"];

    public static readonly string[] MixedEngines = ["grain", "sql", "redis"];
    public static readonly string[] Strategies = ["grain", "pessimistic", "optimistic"];

    /// <summary>A short name for tables, e.g. <c>sql/optimistic</c>.</summary>
    public string Label => Strategy is null ? Engine : $"{Engine}/{Strategy}";

    /// <summary>The label as one word, e.g. <c>sql-optimistic</c>: how <c>scripts/bench.sh</c> names targets in file names and results.</summary>
    public string Name => Label.Replace('/', '-');

    /// <summary>The engine product <paramref name="index"/> of the run is created with.</summary>
    public string EngineOfProduct(int index) => Engine == "mixed" ? MixedEngines[index % MixedEngines.Length] : Engine;

    /// <summary>
    /// Catches combinations docs/api.md answers with 400 on every request, so a typo fails before products
    /// are created rather than as a run full of validation errors.
    /// </summary>
    public string? Validate() => (Engine, Strategy) switch
    {
        ("grain", "pessimistic" or "optimistic") => "a grain product serves only strategy 'grain'",
        ("sql", "grain") => "an sql product serves strategy 'pessimistic' or 'optimistic'",
        _ => null,
    };
}
